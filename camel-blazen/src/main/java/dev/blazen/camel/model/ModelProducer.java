package dev.blazen.camel.model;

import dev.blazen.camel.BlazenEndpoint;
import dev.blazen.llm.provider.CustomProvider;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/** What the model-calling producers share: the provider, resolved once at start, and where results go. */
public abstract class ModelProducer extends DefaultAsyncProducer {

    protected final BlazenEndpoint endpoint;
    protected CustomProvider provider;

    protected ModelProducer(BlazenEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        provider = ModelLookup.resolve(endpoint.getCamelContext(), endpoint.getConfiguration());
    }

    /** The result replaces the body, or goes to {@code resultVariable} and the body stays. */
    protected void setResult(Exchange exchange, Object value) {
        endpoint.setResult(exchange, value);
    }
}
