package dev.blazen.camel.model;

import dev.blazen.camel.BlazenEndpoint;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.error.ValidationError;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * {@code blazen:embed}: embeddings. A String body gives one vector (float[]); a List of Strings gives a List of
 * vectors in the same order.
 */
public class EmbedProducer extends ModelProducer {

    public EmbedProducer(BlazenEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            Object body = exchange.getMessage().getBody();
            boolean single = !(body instanceof Collection<?>);
            List<String> texts = single ? List.of(text(exchange.getMessage().getBody(String.class), 0)) : texts((Collection<?>) body);
            EmbeddingResponse response = provider.embed(texts);
            ModelHeaders.write(exchange.getMessage(), response.model(), null, response.usage(), response.cost());
            setResult(exchange, single ? response.embeddings().get(0) : response.embeddings());
        } catch (RuntimeException e) {
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }

    private static List<String> texts(Collection<?> items) {
        List<String> texts = new ArrayList<>(items.size());
        int index = 0;
        for (Object item : items) {
            texts.add(text(item == null ? null : item.toString(), index++));
        }
        return texts;
    }

    private static String text(String value, int index) {
        if (value == null || value.isBlank()) {
            throw new ValidationError("body[" + index + "]", "cannot embed an empty text");
        }
        return value;
    }
}
