package dev.blazen.camel.pipeline;

import dev.blazen.camel.BlazenConfiguration;
import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.BlazenEndpoint;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.StreamCache;
import org.apache.camel.support.DefaultAsyncProducer;

import java.io.InputStream;
import java.io.Reader;
import java.time.Duration;

/**
 * {@code blazen:pipeline:name}: runs the pipeline with the body as its input. The pipeline is the {@link Pipeline} bean
 * bound under the name, or the one the {@code stages} option describes (never both). By default the exchange goes on
 * when the run ends, with the last stage's result as body (or in {@code resultVariable}); with {@code async=true} at
 * once, with the run id. With {@code resume=true} the run named by the {@code CamelBlazenRunId} header is resumed
 * from its snapshot instead. Either way {@code CamelBlazenRunId} carries the run id. No thread is held while the
 * pipeline runs.
 */
public class PipelineProducer extends DefaultAsyncProducer {

    private final BlazenEndpoint endpoint;
    private final Pipeline fromOptions;
    private Pipeline pipeline;
    private PipelineRunner runner;

    /** @throws InvalidPipelineException when the {@code stages} option is malformed */
    public PipelineProducer(BlazenEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        String stages = endpoint.getConfiguration().getStages();
        this.fromOptions = stages == null || stages.isBlank() ? null : PipelineSpec.parse(endpoint.getName(), stages);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        String name = endpoint.getName();
        Pipeline bean = endpoint.getCamelContext().getRegistry().lookupByNameAndType(name, Pipeline.class);
        if (bean != null && fromOptions != null) {
            throw new InvalidPipelineException(name, "defined twice, by a Pipeline bean named '" + name
                    + "' and by the stages option; keep one");
        }
        if (bean == null && fromOptions == null) {
            throw new InvalidPipelineException(name, "no definition: bind a Pipeline bean named '" + name + "' or give "
                    + "the stages option, for example stages=extract:extractWorkflow,summarize:summaryWorkflow");
        }
        if (bean != null && !bean.name().equals(name)) {
            throw new InvalidPipelineException(name, "the Pipeline bean bound as '" + name + "' is named '" + bean.name()
                    + "'; bind it under its own name");
        }
        BlazenConfiguration configuration = endpoint.getConfiguration();
        pipeline = (bean != null ? bean : fromOptions).withTimeouts(duration(configuration.getTimeoutPerStage()),
                duration(configuration.getTotalTimeout()));
        runner = new PipelineRunner(endpoint.engine(), endpoint.getComponent().checkpointStore());
    }

    private static Duration duration(long millis) {
        return millis > 0 ? Duration.ofMillis(millis) : null;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        PipelineHandler handler;
        try {
            handler = endpoint.getConfiguration().isResume() ? runner.resume(pipeline, runIdToResume(exchange))
                    : runner.start(pipeline, input(exchange));
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        exchange.getMessage().setHeader(BlazenConstants.RUN_ID, handler.runId());
        if (endpoint.getConfiguration().isAsync()) {
            endpoint.setResult(exchange, handler.runId());
            callback.done(true);
            return true;
        }
        return endpoint.continueWhenDone(exchange, handler.result(), callback);
    }

    /** The body, with a stream read as text: the input is persisted in the snapshot as JSON. */
    private static Object input(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        return body instanceof InputStream || body instanceof Reader || body instanceof StreamCache
                ? exchange.getMessage().getBody(String.class) : body;
    }

    private String runIdToResume(Exchange exchange) {
        String runId = exchange.getMessage().getHeader(BlazenConstants.RUN_ID, String.class);
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("blazen:pipeline:" + endpoint.getName() + "?resume=true needs the run id "
                    + "to resume in the " + BlazenConstants.RUN_ID + " header");
        }
        return runId;
    }
}
