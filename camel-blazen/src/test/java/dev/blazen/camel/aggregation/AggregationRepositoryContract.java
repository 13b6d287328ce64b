package dev.blazen.camel.aggregation;

import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.checkpoint.CheckpointStoreException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.AggregateDefinition;
import org.apache.camel.processor.aggregate.OptimisticLockRetryPolicy;
import org.apache.camel.spi.AggregationRepository;
import org.apache.camel.spi.OptimisticLockingAggregationRepository.OptimisticLockingException;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour of {@link CheckpointAggregationRepository} on one kind of {@link CheckpointStore}. A store's test
 * extends this, opens a fresh, empty store in {@link #newStore()} and, when the store persists, opens it again in
 * {@link #reopen} the way a restarted process would.
 */
public abstract class AggregationRepositoryContract {

    protected CheckpointStore store;
    private final List<CamelContext> contexts = new ArrayList<>();
    private final Map<CamelContext, ProducerTemplate> templates = new ConcurrentHashMap<>();
    private CamelContext camel;

    /** A new, empty store. */
    protected abstract CheckpointStore newStore() throws Exception;

    /**
     * The store as a new process finds it: a persistent store closes {@code store} and opens it again. The default
     * hands back {@code store} itself (an in-memory store lives only as long as its object).
     */
    protected CheckpointStore reopen(CheckpointStore store) throws Exception {
        return store;
    }

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
        camel = started(new DefaultCamelContext());
    }

    @AfterEach
    void closeAll() {
        Collections.reverse(contexts);
        contexts.forEach(CamelContext::stop);
        store.close();
    }

    // ---- the repository on its own

    @Test
    void bucketsKeepBodyHeadersPropertiesVariablesAndTheirVersion() {
        CheckpointAggregationRepository repository = started(new CheckpointAggregationRepository("orders", store));
        Exchange exchange = exchange(new ArrayList<>(List.of("a", "b")));
        exchange.getMessage().setHeader("count", 2);
        exchange.getMessage().setHeader("tags", List.of("x"));
        exchange.setProperty("customer", "c-1");
        exchange.setVariable("total", 12.5);

        repository.add(camel, "o-1", exchange);
        Exchange read = repository.get(camel, "o-1");

        assertThat(read.getExchangeId()).isEqualTo(exchange.getExchangeId());
        assertThat(read.getMessage().getBody()).isEqualTo(List.of("a", "b"));
        assertThat(read.getMessage().getHeader("count")).isEqualTo(2);
        assertThat(read.getMessage().getHeaders()).doesNotContainKey("tags"); // not a simple type
        assertThat(read.getProperty("customer")).isEqualTo("c-1");
        assertThat(read.getVariable("total")).isEqualTo(12.5);
        assertThat(read.getProperty(CheckpointAggregationRepository.VERSION_PROPERTY)).isEqualTo(1L);
        assertThat(repository.getKeys()).containsExactly("o-1");
        assertThat(store.keys("agg:orders:")).containsExactly("agg:orders:o-1");
        assertThat(repository.get(camel, "o-2")).isNull();
    }

    @Test
    void allowSerializedHeadersKeepsAnySerializableValue() {
        CheckpointAggregationRepository repository = new CheckpointAggregationRepository("orders", store);
        repository.setAllowSerializedHeaders(true);
        started(repository);
        Exchange exchange = exchange("body");
        exchange.getMessage().setHeader("tags", new ArrayList<>(List.of("x")));
        exchange.setProperty("lines", new ArrayList<>(List.of(1, 2)));
        exchange.setProperty("text", new StringBuffer("a,b")); // where Camel's StringAggregationStrategy keeps its text

        repository.add(camel, "o-1", exchange);
        Exchange read = repository.get(camel, "o-1");

        assertThat(read.getMessage().getHeader("tags")).isEqualTo(List.of("x"));
        assertThat(read.getProperty("lines")).isEqualTo(List.of(1, 2));
        assertThat(read.getProperty("text")).isInstanceOf(StringBuffer.class).hasToString("a,b");
    }

    @Test
    void aBodyThatIsNotSerializableIsATypedErrorNamingTheCorrelationKey() {
        CheckpointAggregationRepository repository = started(new CheckpointAggregationRepository("orders", store));

        assertThatThrownBy(() -> repository.add(camel, "o-7", exchange(new NotSerializable())))
                .isInstanceOfSatisfying(UnserializableExchangeException.class, e -> {
                    assertThat(e.correlationKey()).isEqualTo("o-7");
                    assertThat(e.repositoryName()).isEqualTo("orders");
                })
                .hasMessageContaining("'o-7'").hasMessageContaining(NotSerializable.class.getName());
        assertThatThrownBy(() -> repository.add(camel, "o-8", exchange(new ArrayList<>(List.of(new NotSerializable())))))
                .isInstanceOf(UnserializableExchangeException.class)
                .hasMessageContaining("'o-8'").hasMessageContaining("holds a " + NotSerializable.class.getName());
        assertThat(store.keys("agg")).isEmpty();
    }

    @Test
    void theDeserializationFilterRejectsClassesOutsideIt() {
        CheckpointAggregationRepository repository = new CheckpointAggregationRepository("orders", store);
        repository.setDeserializationFilter("java.**;org.apache.camel.**;!*");
        started(repository);
        repository.add(camel, "o-1", exchange(new Line("pen", 2)));

        assertThatThrownBy(() -> repository.get(camel, "o-1"))
                .isInstanceOf(CheckpointStoreException.class)
                .hasMessageContaining("correlation key 'o-1'").hasMessageContaining("deserializationFilter");
    }

    @Test
    void optimisticAddWritesOnlyOverTheVersionItRead() {
        CheckpointAggregationRepository repository = started(new CheckpointAggregationRepository("orders", store));
        repository.add(camel, "o-1", null, exchange("a"));
        assertThatThrownBy(() -> repository.add(camel, "o-1", null, exchange("b")))
                .isInstanceOf(OptimisticLockingException.class);

        Exchange first = repository.get(camel, "o-1");
        Exchange second = repository.get(camel, "o-1");
        repository.add(camel, "o-1", first, exchange("a+1"));
        assertThatThrownBy(() -> repository.add(camel, "o-1", second, exchange("a+2")))
                .isInstanceOf(OptimisticLockingException.class);
        assertThat(repository.get(camel, "o-1").getMessage().getBody()).isEqualTo("a+1");
    }

    @Test
    void aWriterHoldingACompletedBucketCannotOverwriteTheNextBucketOfTheSameKey() {
        CheckpointAggregationRepository repository = started(new CheckpointAggregationRepository("orders", store));
        repository.add(camel, "o-1", null, exchange("first group"));
        Exchange stale = repository.get(camel, "o-1");
        repository.remove(camel, "o-1", repository.get(camel, "o-1"));
        repository.add(camel, "o-1", null, exchange("second group"));

        assertThatThrownBy(() -> repository.add(camel, "o-1", stale, exchange("first group + late")))
                .isInstanceOf(OptimisticLockingException.class);
        assertThatThrownBy(() -> repository.remove(camel, "o-1", stale))
                .isInstanceOf(OptimisticLockingException.class);
        assertThat(repository.get(camel, "o-1").getMessage().getBody()).isEqualTo("second group");
    }

    @Test
    void removeMovesTheExchangeToAggDoneUntilConfirmed() throws Exception {
        CheckpointAggregationRepository repository = new CheckpointAggregationRepository("orders", store);
        repository.setRecoveryInterval(200);
        started(repository);
        repository.add(camel, "o-1", null, exchange("abc"));
        Exchange completed = repository.get(camel, "o-1");
        String id = completed.getExchangeId();

        repository.remove(camel, "o-1", completed);

        assertThat(repository.get(camel, "o-1")).isNull();
        assertThat(repository.getKeys()).isEmpty();
        assertThat(store.keys("agg-done:orders:")).containsExactly("agg-done:orders:" + id);
        assertThat(repository.scan(camel)).containsExactly(id);
        assertThat(repository.recover(camel, id)).as("too young: its first delivery may be under way").isNull();
        Thread.sleep(250);
        Exchange recovered = repository.recover(camel, id);
        assertThat(recovered.getExchangeId()).isEqualTo(id);
        assertThat(recovered.getMessage().getBody()).isEqualTo("abc");

        repository.confirm(camel, id);
        assertThat(repository.scan(camel)).isEmpty();
        assertThat(repository.recover(camel, id)).isNull();
    }

    @Test
    void aRemoveThatLosesTheRaceLeavesNoCompletedExchange() {
        CheckpointAggregationRepository repository = started(new CheckpointAggregationRepository("orders", store));
        repository.add(camel, "o-1", null, exchange("a"));
        Exchange stale = repository.get(camel, "o-1");
        repository.add(camel, "o-1", repository.get(camel, "o-1"), exchange("a+b"));

        assertThatThrownBy(() -> repository.remove(camel, "o-1", stale)).isInstanceOf(OptimisticLockingException.class);
        assertThat(repository.scan(camel)).isEmpty();
        assertThat(repository.get(camel, "o-1").getMessage().getBody()).isEqualTo("a+b");
    }

    @Test
    void tombstonesAreDeletedOnceTheirRetentionIsOver() throws Exception {
        CheckpointAggregationRepository repository = new CheckpointAggregationRepository("orders", store);
        repository.setTombstoneRetention(100);
        started(repository);
        repository.add(camel, "o-1", null, exchange("a"));
        repository.remove(camel, "o-1", repository.get(camel, "o-1"));
        assertThat(store.keys("agg:orders:")).as("the tombstone").containsExactly("agg:orders:o-1");

        Thread.sleep(150);
        repository.add(camel, "o-2", null, exchange("b"));
        assertThat(store.keys("agg:orders:")).as("purged while in use").containsExactly("agg:orders:o-2");

        repository.remove(camel, "o-2", repository.get(camel, "o-2"));
        repository.stop();
        Thread.sleep(150);
        CheckpointAggregationRepository next = new CheckpointAggregationRepository("orders", store);
        next.setTombstoneRetention(100);
        started(next);
        assertThat(store.keys("agg:orders:")).as("swept at start").isEmpty();
    }

    @Test
    void repositoryNamesAreChecked() {
        assertThatThrownBy(() -> new CheckpointAggregationRepository("a:b", store))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a:b'");
        assertThatThrownBy(() -> new CheckpointAggregationRepository("", store)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckpointAggregationRepository().start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a repositoryName");
        assertThatThrownBy(() -> new CheckpointAggregationRepository("orders").start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no checkpointStore");
    }

    // ---- with the Aggregator EIP

    @Test
    void theAggregatorCompletesGroupsBySizeAndLeavesNothingBehind() throws Exception {
        CheckpointAggregationRepository repository = new CheckpointAggregationRepository("orders", store);
        CamelContext context = startedWith(aggregator(repository, 3, a -> { }));
        MockEndpoint out = mock(context, "mock:out", 2);

        for (int i = 1; i <= 3; i++) {
            send(context, "A", "a" + i);
            send(context, "B", "b" + i);
        }

        out.assertIsSatisfied();
        assertThat(bodies(out)).containsExactlyInAnyOrder(List.of("a1", "a2", "a3"), List.of("b1", "b2", "b3"));
        awaitTrue(() -> repository.scan(context).isEmpty(), "completed exchanges confirmed");
        assertThat(repository.getKeys()).isEmpty();
    }

    @Test
    void partialGroupsSurviveTheirCamelContextAndCompleteInANewOne() throws Exception {
        CamelContext first = startedWith(aggregator(new CheckpointAggregationRepository("orders", store), 3, a -> { }));
        send(first, "A", "a1");
        send(first, "A", "a2");
        send(first, "B", "b1");
        first.stop();
        assertThat(store.keys("agg:orders:")).containsExactlyInAnyOrder("agg:orders:A", "agg:orders:B");

        CheckpointStore reopened = restartStore();
        CamelContext second = startedWith(aggregator(new CheckpointAggregationRepository("orders", reopened), 3, a -> { }));
        MockEndpoint out = mock(second, "mock:out", 2);
        send(second, "B", "b2");
        send(second, "A", "a3");
        send(second, "B", "b3");

        out.assertIsSatisfied();
        assertThat(bodies(out)).containsExactlyInAnyOrder(List.of("a1", "a2", "a3"), List.of("b1", "b2", "b3"));
    }

    @Test
    void aCrashBetweenStoringACompletionAndRetiringItsBucketLosesAndRepeatsNothing() throws Exception {
        FaultInjectingStore dying = new FaultInjectingStore(store).crashOnPutOf(key -> key.equals("agg:orders:A")
                && !store.keys("agg-done:orders:").isEmpty());
        CamelContext first = startedWith(aggregator(new CheckpointAggregationRepository("orders", dying), 3, a -> { }));
        send(first, "A", "a1");
        send(first, "A", "a2");
        Exchange third = templates.computeIfAbsent(first, CamelContext::createProducerTemplate).send("direct:in", e -> {
            e.getMessage().setHeader("group", "A");
            e.getMessage().setBody("a3");
        });
        assertThat(third.getException()).hasMessageContaining("crash");
        first.stop();
        assertThat(store.keys("agg-done:orders:")).hasSize(1);

        CheckpointAggregationRepository repository = new CheckpointAggregationRepository("orders", restartStore());
        repository.setRecoveryInterval(100);
        CamelContext second = startedWith(aggregator(repository, 3, a -> { }));
        MockEndpoint out = mock(second, "mock:out", 1);
        out.assertIsSatisfied();
        assertThat(bodies(out)).containsExactly(List.of("a1", "a2", "a3"));
        assertThat(out.getReceivedExchanges().get(0).getMessage().getHeader(Exchange.REDELIVERED)).isEqualTo(true);
        awaitTrue(() -> repository.scan(second).isEmpty(), "the recovered exchange confirmed");
        assertThat(repository.getKeys()).as("the interrupted bucket retired").isEmpty();

        out.reset();
        out.expectedMessageCount(1);
        send(second, "A", "a4");
        send(second, "A", "a5");
        send(second, "A", "a6");
        out.assertIsSatisfied();
        assertThat(bodies(out)).containsExactly(List.of("a4", "a5", "a6"));
    }

    @Test
    void aCompletionWhoseDownstreamFailsIsRedeliveredUntilItSucceeds() throws Exception {
        CheckpointAggregationRepository repository = new CheckpointAggregationRepository("orders", store);
        repository.setRecoveryInterval(100);
        AtomicInteger attempts = new AtomicInteger();
        CamelContext context = startedWith(aggregator(repository, 2, a -> a.process(e -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("downstream is down");
            }
        })));
        MockEndpoint out = mock(context, "mock:out", 1);

        send(context, "A", "a1");
        send(context, "A", "a2");

        out.assertIsSatisfied();
        Exchange delivered = out.getReceivedExchanges().get(0);
        assertThat(delivered.getMessage().getBody()).isEqualTo(List.of("a1", "a2"));
        assertThat(delivered.getMessage().getHeader(Exchange.REDELIVERED)).isEqualTo(true);
        assertThat(delivered.getMessage().getHeader(Exchange.REDELIVERY_COUNTER)).isEqualTo(1);
        awaitTrue(() -> repository.scan(context).isEmpty(), "the redelivered exchange confirmed");
    }

    @Test
    void aCompletionThatKeepsFailingGoesToTheDeadLetterUriAfterMaximumRedeliveries() throws Exception {
        CheckpointAggregationRepository repository = new CheckpointAggregationRepository("orders", store);
        repository.setRecoveryInterval(100);
        repository.setMaximumRedeliveries(2);
        repository.setDeadLetterUri("mock:dead");
        CamelContext context = startedWith(aggregator(repository, 2, a -> a.to("mock:attempts")
                .throwException(new IllegalStateException("downstream is down"))));
        MockEndpoint attempts = mock(context, "mock:attempts", 3);
        MockEndpoint dead = mock(context, "mock:dead", 1);

        send(context, "A", "a1");
        send(context, "A", "a2");

        dead.assertIsSatisfied();
        attempts.assertIsSatisfied();
        Exchange deadLetter = dead.getReceivedExchanges().get(0);
        assertThat(deadLetter.getMessage().getBody()).isEqualTo(List.of("a1", "a2"));
        assertThat(deadLetter.getMessage().getHeader(Exchange.REDELIVERY_COUNTER)).isEqualTo(2);
        awaitTrue(() -> repository.scan(context).isEmpty(), "the dead-lettered exchange confirmed");
    }

    @Test
    void optimisticLockingUnderConcurrentInputLosesAndDoublesNothing() throws Exception {
        int threads = 8;
        int perThread = 40;
        int groupSize = 4;
        FaultInjectingStore slow = new FaultInjectingStore(store).slowReads(1); // widens the read-to-write window
        CheckpointAggregationRepository repository = new CheckpointAggregationRepository("orders", slow);
        CollectBodies strategy = new CollectBodies();
        CamelContext context = startedWith(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in")
                        .aggregate(header("group"), strategy).completionSize(groupSize)
                        .aggregationRepository(repository)
                        .optimisticLocking()
                        .optimisticLockRetryPolicy(new OptimisticLockRetryPolicy().retryDelay(1).maximumRetryDelay(20))
                        .to("mock:out");
            }
        });
        MockEndpoint out = mock(context, "mock:out", threads * perThread / groupSize);

        ExecutorService senders = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                sent.add(senders.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        send(context, "g" + (i % 5), "m" + thread + "-" + i);
                    }
                }));
            }
            for (Future<?> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            senders.shutdownNow();
        }

        out.setResultWaitTime(30_000);
        out.assertIsSatisfied();
        List<String> all = new ArrayList<>();
        for (List<String> group : bodies(out)) {
            assertThat(group).hasSize(groupSize);
            all.addAll(group);
        }
        assertThat(all).doesNotHaveDuplicates().hasSize(threads * perThread);
        assertThat(strategy.optimisticLockFailures.get()).as("writers collided and retried").isPositive();
        assertThat(repository.getKeys()).isEmpty();
    }

    // ---- helpers

    private CheckpointStore restartStore() throws Exception {
        store = reopen(store);
        return store;
    }

    private RouteBuilder aggregator(AggregationRepository repository, int size, Consumer<AggregateDefinition> downstream) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                AggregateDefinition aggregate = from("direct:in")
                        .aggregate(header("group"), new CollectBodies()).completionSize(size)
                        .aggregationRepository(repository);
                downstream.accept(aggregate);
                aggregate.to("mock:out");
            }
        };
    }

    private CamelContext startedWith(RouteBuilder routes) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(routes);
        context.getShutdownStrategy().setTimeout(5);
        return started(context);
    }

    private CamelContext started(CamelContext context) {
        context.start();
        contexts.add(context);
        return context;
    }

    private CheckpointAggregationRepository started(CheckpointAggregationRepository repository) {
        repository.setCamelContext(camel);
        repository.start();
        return repository;
    }

    private Exchange exchange(Object body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    private void send(CamelContext context, String group, String body) {
        templates.computeIfAbsent(context, CamelContext::createProducerTemplate)
                .sendBodyAndHeader("direct:in", body, "group", group);
    }

    private static MockEndpoint mock(CamelContext context, String uri, int expected) {
        MockEndpoint mock = context.getEndpoint(uri, MockEndpoint.class);
        mock.expectedMessageCount(expected);
        mock.setResultWaitTime(10_000);
        return mock;
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>> bodies(MockEndpoint mock) {
        return mock.getReceivedExchanges().stream().map(e -> (List<String>) e.getMessage().getBody(List.class)).toList();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    static final class NotSerializable {
        @Override
        public String toString() {
            return "not serializable";
        }
    }

    record Line(String item, int quantity) implements Serializable {
    }
}
