package dev.blazen.bench;

import org.apache.camel.AsyncProducer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The driver of the 5-step chain benchmarks ({@code engine}, {@code durable}): one thread keeps a fixed number of runs
 * in flight for a round, every run's result is checked to be 5, and a run that fails, ends with anything else or never
 * ends fails the benchmark.
 */
final class ChainDriver {

    /** How long the driver waits for the last runs of a round before it calls them lost. */
    private static final long DRAIN_SECONDS = 60;

    private ChainDriver() {
    }

    /** Called once per finished run with what it ended with. */
    @FunctionalInterface
    interface Completion {
        void done(Object result, Throwable error);
    }

    @FunctionalInterface
    interface Starter {
        /** Starts one run that calls {@code completion} exactly once when it ends. */
        void start(Completion completion) throws Exception;
    }

    /** One round of one variant. */
    record Round(String variant, long runs, double seconds) {
        double stepsPerSecond() {
            return ChainSteps.STEPS * runs / seconds;
        }
    }

    /**
     * The five {@code blazen:step:<workflow>/sN} routes of the chain ({@code accepts=StartEvent}, {@code Num1} …
     * {@code Num4}; the last emits the StopEvent), route ids {@code <routeIdPrefix>-sN}.
     */
    static void addBlazenSteps(RouteBuilder routes, String workflow, String routeIdPrefix) {
        for (int i = 1; i <= ChainSteps.STEPS; i++) {
            routes.from("blazen:step:" + workflow + "/s" + i + "?accepts=" + ChainSteps.accepts(i))
                    .routeId(routeIdPrefix + "-s" + i)
                    .process(ChainSteps.step(i, ChainSteps.stop()));
        }
    }

    /**
     * Starts runs through a {@code blazen:workflow:} endpoint's asynchronous producer: body {@code Num0(0)}, the
     * completion called back with the exchange's body (the StopEvent's result) when the run ends.
     */
    static Starter blazen(Endpoint endpoint, AsyncProducer producer) {
        return completion -> {
            Exchange exchange = endpoint.createExchange(ExchangePattern.InOut);
            exchange.getMessage().setBody(new ChainSteps.Num0(0));
            producer.process(exchange, doneSync -> completion.done(exchange.getMessage().getBody(),
                    exchange.getException()));
        };
    }

    /**
     * Keeps {@code inFlight} runs going from the calling thread for {@code nanos}, then waits for the last ones; the
     * time runs from the first start to the last completion.
     */
    static Round closedLoop(String variant, int inFlight, long nanos, Starter starter) throws Exception {
        Semaphore permits = new Semaphore(inFlight);
        LongAdder completed = new LongAdder();
        LongAdder wrong = new LongAdder();
        AtomicReference<Object> firstWrong = new AtomicReference<>();
        Completion completion = (result, error) -> {
            if (!isFive(result, error)) {
                wrong.increment();
                firstWrong.compareAndSet(null, error != null ? error : "result " + result);
            }
            completed.increment();
            permits.release();
        };
        long started = 0;
        long begin = System.nanoTime();
        long deadline = begin + nanos;
        while (System.nanoTime() < deadline) {
            permits.acquire();
            starter.start(completion);
            started++;
        }
        if (!permits.tryAcquire(inFlight, DRAIN_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(variant + ": " + (started - completed.sum()) + " of " + started
                    + " runs never completed");
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        check(variant, started, completed.sum(), wrong.sum(), firstWrong.get());
        return new Round(variant, completed.sum(), seconds);
    }

    /** A run ended well: no error, and 5 (blazen's StopEvent result) or {@code Done(5)} (the Camel chains). */
    static boolean isFive(Object result, Throwable error) {
        if (error != null) {
            return false;
        }
        if (result instanceof ChainSteps.Done done) {
            return done.value() == ChainSteps.STEPS;
        }
        return result instanceof Integer value && value == ChainSteps.STEPS;
    }

    /** Fails the benchmark when a run did not complete, failed or ended with anything but 5, or none ran. */
    static void check(String variant, long started, long completed, long wrong, Object firstWrong) {
        if (completed != started) {
            throw new IllegalStateException(variant + ": started " + started + " runs, " + completed + " completed");
        }
        if (wrong > 0) {
            if (firstWrong instanceof Throwable error) {
                throw new IllegalStateException(variant + ": " + wrong + " of " + completed + " runs failed", error);
            }
            throw new IllegalStateException(variant + ": " + wrong + " of " + completed + " runs did not end with "
                    + ChainSteps.STEPS + ", first: " + firstWrong);
        }
        if (completed == 0) {
            throw new IllegalStateException(variant + ": no run completed");
        }
    }
}
