package dev.blazen.camel.aggregation;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Collects the String bodies of a group into an ArrayList, updating the old exchange as recoverable repositories need. */
class CollectBodies implements AggregationStrategy {

    final AtomicInteger optimisticLockFailures = new AtomicInteger();

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        String body = newExchange.getMessage().getBody(String.class);
        if (oldExchange == null) {
            newExchange.getMessage().setBody(new ArrayList<>(List.of(body)));
            return newExchange;
        }
        oldExchange.getMessage().getBody(List.class).add(body);
        return oldExchange;
    }

    @Override
    public void onOptimisticLockFailure(Exchange oldExchange, Exchange newExchange) {
        optimisticLockFailures.incrementAndGet();
    }
}
