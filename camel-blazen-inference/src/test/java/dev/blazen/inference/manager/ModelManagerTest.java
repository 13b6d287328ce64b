package dev.blazen.inference.manager;

import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.local.ModelStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelManagerTest {

    /** A loaded model that records whether it was closed. */
    static final class FakeModel implements AutoCloseable {
        final String id;
        volatile boolean closed;

        FakeModel(String id) {
            this.id = id;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static final long GB = 1L << 30;

    private static ModelLoader<FakeModel> loader(String id) {
        return progress -> new FakeModel(id);
    }

    @Test
    void loadsOnDemandAndReturnsTheSameInstanceWhileLoaded() {
        ModelManager m = new ModelManager(Map.of("cpu", 10 * GB));
        AtomicInteger loads = new AtomicInteger();
        m.register("a", "cpu", GB, p -> {
            loads.incrementAndGet();
            return new FakeModel("a");
        });
        assertThat(m.isLoaded("a")).isFalse();
        FakeModel first = m.load("a", FakeModel.class);
        assertThat(m.load("a")).isSameAs(first);
        assertThat(loads).hasValue(1);
        assertThat(m.isLoaded("a")).isTrue();
    }

    @Test
    void evictsTheLeastRecentlyUsedModelOfThePool() {
        ModelManager m = new ModelManager(Map.of("cuda:0", 10 * GB));
        m.register("a", "cuda:0", 4 * GB, loader("a"));
        m.register("b", "cuda:0", 4 * GB, loader("b"));
        m.register("c", "cuda:0", 4 * GB, loader("c"));
        FakeModel a = m.load("a", FakeModel.class);
        FakeModel b = m.load("b", FakeModel.class);
        m.load("a"); // a is now more recently used than b

        m.load("c");

        assertThat(m.isLoaded("a")).isTrue();
        assertThat(m.isLoaded("b")).isFalse();
        assertThat(m.isLoaded("c")).isTrue();
        assertThat(b.closed).isTrue();
        assertThat(a.closed).isFalse();
    }

    @Test
    void evictsOnlyAsManyModelsAsTheLoadNeeds() {
        ModelManager m = new ModelManager(Map.of("cpu", 10 * GB));
        m.register("a", "cpu", 3 * GB, loader("a"));
        m.register("b", "cpu", 3 * GB, loader("b"));
        m.register("c", "cpu", 3 * GB, loader("c"));
        m.register("big", "cpu", 6 * GB, loader("big"));
        m.load("a");
        m.load("b");
        m.load("c");

        m.load("big"); // 9 GB used, needs 6: evicting a (LRU) leaves 6 + 6 > 10, so b goes too

        assertThat(m.status()).extracting(ModelStatus::id, ModelStatus::loaded)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", false),
                        org.assertj.core.groups.Tuple.tuple("b", false),
                        org.assertj.core.groups.Tuple.tuple("c", true),
                        org.assertj.core.groups.Tuple.tuple("big", true));
    }

    @Test
    void neverEvictsAcrossPools() {
        ModelManager m = new ModelManager(Map.of("cpu", 8 * GB, "cuda:0", 8 * GB));
        m.register("cpu-model", "cpu", 6 * GB, loader("cpu-model"));
        m.register("gpu-1", "cuda:0", 6 * GB, loader("gpu-1"));
        m.register("gpu-2", "cuda:0", 6 * GB, loader("gpu-2"));
        m.load("cpu-model");
        m.load("gpu-1");

        m.load("gpu-2");

        assertThat(m.isLoaded("cpu-model")).isTrue();
        assertThat(m.isLoaded("gpu-1")).isFalse();
        assertThat(m.isLoaded("gpu-2")).isTrue();
        assertThat(m.pools()).containsExactly(new PoolStatus("cpu", 8 * GB, 6 * GB),
                new PoolStatus("cuda:0", 8 * GB, 6 * GB));
    }

    @Test
    void aModelLargerThanItsPoolIsATypedError() {
        ModelManager m = new ModelManager(Map.of("cuda:0", 8 * GB));
        assertThatThrownBy(() -> m.register("huge", "cuda:0", 9 * GB, loader("huge")))
                .isInstanceOfSatisfying(ModelBudgetError.class, e -> {
                    assertThat(e.modelId()).isEqualTo("huge");
                    assertThat(e.pool()).isEqualTo("cuda:0");
                    assertThat(e.requiredBytes()).isEqualTo(9 * GB);
                    assertThat(e.budgetBytes()).isEqualTo(8 * GB);
                })
                .hasMessageContaining("huge").hasMessageContaining("cuda:0");
        assertThat(m.status()).isEmpty();
    }

    @Test
    void anUnknownPoolHasZeroBudget() {
        ModelManager m = new ModelManager(Map.of("cpu", 8 * GB));
        assertThat(m.budget("cuda:1")).isZero();
        assertThatThrownBy(() -> m.register("x", "cuda:1", 1, loader("x")))
                .isInstanceOf(ModelBudgetError.class)
                .hasMessageContaining("'cuda:1' is not configured").hasMessageContaining("0 bytes");
    }

    @Test
    void unloadFreesTheBudget() {
        ModelManager m = new ModelManager(Map.of("cpu", 10 * GB));
        m.register("a", "cpu", 6 * GB, loader("a"));
        m.register("b", "cpu", 6 * GB, loader("b"));
        FakeModel a = m.load("a", FakeModel.class);

        assertThat(m.unload("a")).isTrue();
        assertThat(a.closed).isTrue();
        assertThat(m.unload("a")).isFalse();
        assertThat(m.pools()).containsExactly(new PoolStatus("cpu", 10 * GB, 0));

        m.load("b");
        assertThat(m.pools().get(0).availableBytes()).isEqualTo(4 * GB);
    }

    @Test
    void unknownModelIdsAreValidationErrors() {
        ModelManager m = new ModelManager(Map.of("cpu", GB));
        assertThatThrownBy(() -> m.load("nope")).isInstanceOf(ValidationError.class).hasMessageContaining("nope");
        m.register("a", "cpu", 1, loader("a"));
        assertThatThrownBy(() -> m.register("a", "cpu", 1, loader("a"))).isInstanceOf(ValidationError.class)
                .hasMessageContaining("already registered");
    }

    @Test
    void concurrentLoadsOfOneModelRunTheLoaderOnce() throws Exception {
        ModelManager m = new ModelManager(Map.of("cpu", GB));
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        m.register("slow", "cpu", GB / 2, p -> {
            loads.incrementAndGet();
            // holds the load open until every thread has asked for the model
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            return new FakeModel("slow");
        });
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<AutoCloseable>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return m.load("slow");
                }));
            }
            Thread.sleep(200);
            release.countDown();
            AutoCloseable first = results.get(0).get(10, TimeUnit.SECONDS);
            for (Future<AutoCloseable> f : results) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void aFailedLoadIsReportedToEveryCallerAndCanBeRetried() {
        ModelManager m = new ModelManager(Map.of("cpu", GB));
        AtomicInteger attempts = new AtomicInteger();
        m.register("flaky", "cpu", GB, p -> {
            if (attempts.incrementAndGet() == 1) {
                throw new java.io.IOException("disk error");
            }
            return new FakeModel("flaky");
        });
        assertThatThrownBy(() -> m.load("flaky")).isInstanceOf(ModelLoadError.class)
                .hasMessageContaining("flaky").hasMessageContaining("disk error");
        assertThat(m.pools().get(0).usedBytes()).isZero();
        assertThat(m.load("flaky")).isInstanceOf(FakeModel.class);
    }

    @Test
    void progressIsReportedInOrderFromStartToLoaded() {
        ModelManager m = new ModelManager(Map.of("cpu", GB));
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        m.addProgressListener((id, fraction, message) -> events.add(id + " " + fraction + " " + message));
        m.register("a", "cpu", 1, p -> {
            p.report(0.25, "reading weights");
            p.report(0.75, "building session");
            return new FakeModel("a");
        });

        m.load("a");
        m.load("a"); // already loaded: no progress

        assertThat(events).containsExactly("a 0.0 loading into pool cpu", "a 0.25 reading weights",
                "a 0.75 building session", "a 1.0 loaded");
    }

    @Test
    void statusListsEveryModelWithPoolBytesLoadedAndLastUse() {
        java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-01-02T03:04:05Z"),
                java.time.ZoneOffset.UTC);
        ModelManager m = new ModelManager(Map.of("cpu", 10 * GB, "cuda:0", 10 * GB), clock);
        m.register("embed", "cpu", GB, loader("embed"));
        m.register("rerank", "cuda:0", 2 * GB, loader("rerank"));
        m.load("rerank");

        assertThat(m.status()).containsExactly(
                new ModelStatus("embed", "cpu", GB, false, java.util.Optional.empty()),
                new ModelStatus("rerank", "cuda:0", 2 * GB, true,
                        java.util.Optional.of(java.time.Instant.parse("2026-01-02T03:04:05Z"))));
    }

    @Test
    void closeUnloadsEveryModel() {
        ModelManager m = new ModelManager(Map.of("cpu", 10 * GB));
        m.register("a", "cpu", GB, loader("a"));
        m.register("b", "cpu", GB, loader("b"));
        FakeModel a = m.load("a", FakeModel.class);
        FakeModel b = m.load("b", FakeModel.class);
        m.close();
        assertThat(a.closed).isTrue();
        assertThat(b.closed).isTrue();
        assertThat(m.status()).noneMatch(ModelStatus::loaded);
    }

    @Test
    void aModelInUseIsNotEvictedTheLoadThatNeedsItsRoomWaits() throws Exception {
        ModelManager m = new ModelManager(Map.of("cpu", 4 * GB));
        m.register("a", "cpu", 3 * GB, loader("a"));
        m.register("b", "cpu", 3 * GB, loader("b"));
        CountDownLatch using = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> user = pool.submit(() -> m.use("a", FakeModel.class, a -> {
                using.countDown();
                try {
                    assertThat(finish.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return a.closed; // still open while in use
            }));
            assertThat(using.await(10, TimeUnit.SECONDS)).isTrue();
            Future<AutoCloseable> loadB = pool.submit(() -> m.load("b"));
            Thread.sleep(200);
            assertThat(loadB).isNotDone();
            assertThat(m.isLoaded("a")).isTrue();

            finish.countDown();
            assertThat(user.get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(loadB.get(10, TimeUnit.SECONDS)).isInstanceOf(FakeModel.class);
            assertThat(m.isLoaded("a")).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unloadWaitsForTheModelsUsers() throws Exception {
        ModelManager m = new ModelManager(Map.of("cpu", GB));
        m.register("a", "cpu", GB, loader("a"));
        CountDownLatch using = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> user = pool.submit(() -> m.use("a", FakeModel.class, a -> {
                using.countDown();
                try {
                    assertThat(finish.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return a.closed;
            }));
            assertThat(using.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Boolean> unload = pool.submit(() -> m.unload("a"));
            Thread.sleep(200);
            assertThat(unload).isNotDone();
            finish.countDown();
            assertThat(user.get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(unload.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(m.isLoaded("a")).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }
}
