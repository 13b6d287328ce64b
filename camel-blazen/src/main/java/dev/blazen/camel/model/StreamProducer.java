package dev.blazen.camel.model;

import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.BlazenEndpoint;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Producer;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.service.ServiceHelper;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code blazen:stream}: a streamed chat completion. With {@code chunkUri}, each text delta goes, as it arrives, to
 * that endpoint (in order, on the reading thread) and the exchange then continues with the whole answer, as
 * {@code blazen:complete} would give it. Without it, the exchange continues at once with a {@link ChunkIterator} body
 * that yields the deltas as they arrive and then offers the whole answer.
 */
public class StreamProducer extends ModelProducer {

    private static final int ITERATOR_BUFFER = 256;

    private Producer chunks;
    private ExecutorService readers;

    public StreamProducer(BlazenEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        String chunkUri = endpoint.getConfiguration().getChunkUri();
        if (chunkUri != null && !chunkUri.isBlank()) {
            chunks = endpoint.getCamelContext().getEndpoint(chunkUri).createProducer();
            ServiceHelper.startService(chunks);
        } else {
            readers = endpoint.getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "BlazenStreamReader");
        }
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(chunks);
        if (readers != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdown(readers);
        }
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        if (chunks == null) {
            return iterate(exchange, callback);
        }
        try {
            CompletionRequest request = ChatRequests.from(exchange, endpoint.getConfiguration());
            AtomicInteger index = new AtomicInteger();
            CompletionResponse response = provider.stream(request, chunk -> {
                if (chunks != null && chunk.delta() != null && !chunk.delta().isEmpty()) {
                    sendChunk(exchange, chunk.delta(), index.getAndIncrement());
                }
            });
            ModelHeaders.write(exchange.getMessage(), response.model(), response.finishReason(), response.usage(), response.cost());
            setResult(exchange, response.content() == null && !response.toolCalls().isEmpty() ? response : response.content());
        } catch (RuntimeException e) {
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }

    /** Reads the stream on its own thread into a bounded iterator the exchange carries on with. */
    private boolean iterate(Exchange exchange, AsyncCallback callback) {
        try {
            CompletionRequest request = ChatRequests.from(exchange, endpoint.getConfiguration());
            ChunkIterator iterator = new ChunkIterator(ITERATOR_BUFFER);
            readers.execute(() -> {
                try {
                    iterator.finish(provider.stream(request, chunk -> {
                        if (chunk.delta() != null && !chunk.delta().isEmpty()) {
                            iterator.offer(chunk.delta());
                        }
                    }), null);
                } catch (RuntimeException e) {
                    iterator.finish(null, e);
                }
            });
            setResult(exchange, iterator);
        } catch (RuntimeException e) {
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }

    private void sendChunk(Exchange parent, String delta, int index) {
        Exchange chunk = ExchangeHelper.createCorrelatedCopy(parent, false);
        chunk.setPattern(ExchangePattern.InOnly);
        chunk.getMessage().setBody(delta);
        chunk.getMessage().setHeader(BlazenConstants.CHUNK_INDEX, index);
        try {
            chunks.process(chunk);
        } catch (Exception e) {
            chunk.setException(e);
        }
        if (chunk.getException() != null) {
            throw new IllegalStateException("the chunk route " + endpoint.getConfiguration().getChunkUri()
                    + " failed on chunk " + index + ": " + chunk.getException().getMessage(), chunk.getException());
        }
    }
}
