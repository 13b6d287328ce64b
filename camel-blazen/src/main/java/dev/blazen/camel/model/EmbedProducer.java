package dev.blazen.camel.model;

import dev.blazen.camel.BlazenEndpoint;
import dev.blazen.llm.embedding.EmbeddingResponse;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;

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
            TextBody body = TextBody.of(exchange.getMessage());
            EmbeddingResponse response = provider.embed(body.texts());
            ModelHeaders.write(exchange.getMessage(), response.model(), null, response.usage(), response.cost());
            setResult(exchange, body.shape(response.embeddings()));
        } catch (RuntimeException e) {
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }
}
