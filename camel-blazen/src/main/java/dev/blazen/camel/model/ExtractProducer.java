package dev.blazen.camel.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.camel.BlazenConfiguration;
import dev.blazen.camel.BlazenEndpoint;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.extract.ExtractionSchema;
import dev.blazen.llm.extract.Extractor;
import dev.blazen.llm.http.HttpTransport;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;

import java.util.concurrent.CompletionException;

/**
 * {@code blazen:extract}: structured output. The schema comes from {@code outputClass} (generated) or
 * {@code jsonSchema} (a file); it is sent as the response format, and the answer is parsed and validated. The result is
 * an instance of the class, or plain Java for a JSON Schema; an answer that does not fit fails with a ValidationError
 * naming the JSON path.
 */
public class ExtractProducer extends ModelProducer {

    private ExtractionSchema<?> schema;

    public ExtractProducer(BlazenEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        BlazenConfiguration configuration = endpoint.getConfiguration();
        boolean byClass = configuration.getOutputClass() != null && !configuration.getOutputClass().isBlank();
        boolean byFile = configuration.getJsonSchema() != null && !configuration.getJsonSchema().isBlank();
        if (byClass == byFile) {
            throw new IllegalArgumentException("blazen:extract needs exactly one of outputClass and jsonSchema");
        }
        schema = byClass
                ? ExtractionSchema.of(endpoint.getCamelContext().getClassResolver().resolveMandatoryClass(configuration.getOutputClass()))
                : ExtractionSchema.load(configuration.getJsonSchema());
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            CompletionRequest request = ChatRequests.from(exchange, endpoint.getConfiguration());
            Extractor.extractAsync(provider, schema, request).whenComplete((result, error) -> {
                if (error != null) {
                    exchange.setException(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                } else {
                    ModelHeaders.write(exchange.getMessage(), result.model(), null, result.usage(), result.cost());
                    Object data = result.data();
                    setResult(exchange, data instanceof JsonNode json ? HttpTransport.JSON.convertValue(json, Object.class) : data);
                }
                callback.done(false);
            });
            return false;
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }
}
