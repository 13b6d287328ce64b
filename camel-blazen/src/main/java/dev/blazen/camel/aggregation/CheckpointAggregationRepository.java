package dev.blazen.camel.aggregation;

import dev.blazen.camel.BlazenComponent;
import dev.blazen.camel.aggregation.AggregationRecord.Bucket;
import dev.blazen.camel.aggregation.AggregationRecord.Completed;
import dev.blazen.camel.aggregation.AggregationRecord.Tombstone;
import dev.blazen.camel.workflow.checkpoint.Checkpoint;
import dev.blazen.camel.workflow.checkpoint.CheckpointConflictException;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.checkpoint.CheckpointStoreException;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.spi.OptimisticLockingAggregationRepository;
import org.apache.camel.spi.RecoverableAggregationRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static dev.blazen.camel.workflow.checkpoint.CheckpointStore.ABSENT;
import static dev.blazen.camel.workflow.checkpoint.CheckpointStore.ANY_VERSION;

/**
 * A durable aggregation repository for Camel's Aggregator EIP: partly aggregated exchanges and completed exchanges
 * awaiting confirm are records of a {@link CheckpointStore}, so a fan-in survives a restart (with a persistent store)
 * and can be shared by several nodes (with {@code optimisticLocking()}).
 *
 * <h2>Records</h2>
 * <ul>
 * <li>{@code agg:<repositoryName>:<correlationKey>}: the bucket of a correlation key, or, for a while after it
 * completed, its tombstone (see below).</li>
 * <li>{@code agg-done:<repositoryName>:<exchangeId>}: a completed exchange whose downstream processing has not been
 * confirmed yet; the recovery task redelivers it.</li>
 * </ul>
 *
 * <h2>What is stored</h2>
 * Exchanges go through Camel's {@link org.apache.camel.support.DefaultExchangeHolder} and Java serialization: the
 * exchange id, the body, the exception, and the headers, exchange properties (the Aggregator's own included) and
 * variables whose values are String, Number, Character, Boolean or Date (any {@link java.io.Serializable} value with
 * {@link #setAllowSerializedHeaders allowSerializedHeaders}). The body must be Serializable (or convertible to it by
 * Camel's type converters); otherwise {@code add} throws an {@link UnserializableExchangeException} naming the
 * correlation key, and the message is not aggregated. Header, property and variable values of other types are left
 * out, as Camel's other persistent repositories do; a left-out property is logged once at WARN, since an
 * AggregationStrategy that keeps its state in one needs {@code allowSerializedHeaders}. Reading applies
 * {@link #setDeserializationFilter the deserialization filter}, which by default admits only JDK, Camel and Blazen
 * classes: add the packages of your own body classes to it.
 *
 * <h2>Optimistic locking</h2>
 * {@link #get} puts the record's version in the exchange property {@value #VERSION_PROPERTY}; {@code add} with an old
 * exchange and {@link #remove} write only if the record is still at that version (a compare-and-set in the store), and
 * otherwise throw {@link OptimisticLockingException}, on which the Aggregator reads the bucket again and retries. A
 * completed bucket leaves a tombstone instead of disappearing, so its version keeps counting: a writer that read it
 * before it completed cannot overwrite the next bucket of the same key. Tombstones are deleted once they are older than
 * {@link #setTombstoneRetention tombstoneRetention}.
 *
 * <h2>Recovery</h2>
 * A completed exchange stays under {@code agg-done:} until {@link #confirm} (the Aggregator confirms when its
 * downstream processing succeeded). The Aggregator's recovery task {@link #scan}s them every {@code recoveryInterval}
 * and redelivers those that are at least that old, and after {@code maximumRedeliveries} attempts sends them to
 * {@code deadLetterUri}. Delivery is at least once: when several nodes share a repository, a node may redeliver a
 * completion another node is still processing after {@code recoveryInterval}, so set it above the longest downstream
 * processing time. The AggregationStrategy must return the old exchange (updated) rather than a new one, as for every
 * recoverable repository: a completion is stored under the id of the exchange the Aggregator read, and confirmed under
 * the id of the exchange the strategy returned.
 *
 * <h2>Configuration</h2>
 * {@code new CheckpointAggregationRepository("orders", store)} in Java, or a bean with a no-argument constructor and
 * properties ({@code repositoryName}, {@code checkpointStore}, ...) in YAML or properties. Without a store it takes
 * the {@code blazen} component's {@link BlazenComponent#checkpointStore()} when it starts. The repository never closes
 * the store.
 */
public class CheckpointAggregationRepository extends ServiceSupport
        implements OptimisticLockingAggregationRepository, RecoverableAggregationRepository, CamelContextAware {

    /** The exchange property holding the store version a bucket's exchange was read at. */
    public static final String VERSION_PROPERTY = "CamelBlazenAggregationVersion";

    /** JDK, Camel and Blazen classes; everything else is rejected when reading. */
    public static final String DEFAULT_DESERIALIZATION_FILTER = "java.**;javax.**;org.apache.camel.**;dev.blazen.**;!*";

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointAggregationRepository.class);
    private static final Pattern REPOSITORY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private CamelContext camelContext;
    private String repositoryName;
    private CheckpointStore checkpointStore;
    private boolean allowSerializedHeaders;
    private String deserializationFilter = DEFAULT_DESERIALIZATION_FILTER;
    private boolean useRecovery = true;
    private long recoveryInterval = 5000;
    private int maximumRedeliveries;
    private String deadLetterUri;
    private long tombstoneRetention = 60_000;

    private volatile CheckpointStore store;
    private volatile ExchangeCodec codec;
    private final Queue<PendingPurge> pendingPurges = new ConcurrentLinkedQueue<>();

    private record PendingPurge(String key, long version, long dueAt) {
    }

    /** A bean to configure with setters; it needs at least {@link #setRepositoryName}. */
    public CheckpointAggregationRepository() {
    }

    /** Uses the {@code blazen} component's checkpoint store. */
    public CheckpointAggregationRepository(String repositoryName) {
        setRepositoryName(repositoryName);
    }

    public CheckpointAggregationRepository(String repositoryName, CheckpointStore checkpointStore) {
        setRepositoryName(repositoryName);
        setCheckpointStore(checkpointStore);
    }

    // ---- AggregationRepository

    /** The bucket of {@code key} with its version in {@value #VERSION_PROPERTY}, or null. */
    @Override
    public Exchange get(CamelContext context, String key) {
        Optional<Checkpoint> read = store().get(bucketKey(key));
        if (read.isEmpty() || !(AggregationRecord.parse(read.get()) instanceof Bucket bucket)) {
            return null;
        }
        Exchange exchange = codec().decode(context, bucket.exchange(), "the bucket of correlation key '" + key + "'");
        exchange.setProperty(VERSION_PROPERTY, read.get().version());
        return exchange;
    }

    /**
     * Writes the bucket of {@code key} whatever is stored (the Aggregator without optimistic locking serialises the
     * writes of one correlation key itself).
     *
     * @return null: the replaced bucket is not read back
     */
    @Override
    public Exchange add(CamelContext context, String key, Exchange exchange) {
        byte[] record = bucketRecord(exchange, key);
        exchange.setProperty(VERSION_PROPERTY, store().put(bucketKey(key), record, ANY_VERSION));
        purgeDueTombstones();
        return null;
    }

    /**
     * Writes the bucket of {@code key} if it is still at the version {@code oldExchange} was read at, or, without an
     * old exchange, if there is no bucket yet.
     *
     * @return {@code oldExchange}
     * @throws OptimisticLockingException when another writer changed the bucket meanwhile
     */
    @Override
    public Exchange add(CamelContext context, String key, Exchange oldExchange, Exchange newExchange) {
        String bucketKey = bucketKey(key);
        byte[] record = bucketRecord(newExchange, key);
        long version;
        try {
            version = oldExchange == null ? createBucket(bucketKey, record)
                    : store().put(bucketKey, record, readVersion(oldExchange, key));
        } catch (CheckpointConflictException e) {
            LOG.debug("Aggregation repository '{}': {}", repositoryName, e.getMessage());
            throw new OptimisticLockingException();
        }
        newExchange.setProperty(VERSION_PROPERTY, version);
        purgeDueTombstones();
        return oldExchange;
    }

    // a new bucket goes where there is no record, or only the tombstone of an earlier bucket
    private long createBucket(String bucketKey, byte[] record) {
        try {
            return store().put(bucketKey, record, ABSENT);
        } catch (CheckpointConflictException e) {
            Checkpoint current = store().get(bucketKey).orElseThrow(() -> e);
            if (!(AggregationRecord.parse(current) instanceof Tombstone)) {
                throw e;
            }
            return store().put(bucketKey, record, current.version());
        }
    }

    /**
     * Moves the completed {@code exchange} of {@code key} from its bucket to {@code agg-done:<exchangeId>}, in two
     * writes whose order keeps it safe: first the completed record is created, then the bucket is replaced by a
     * tombstone if it is still at the version {@code exchange} was read at. If that compare-and-set fails (another
     * writer got there first) the completed record is deleted again and {@link OptimisticLockingException} thrown; if
     * the store fails, it is deleted again too and the error thrown, leaving the bucket as it was. A crash between the
     * two writes leaves both records: the recovery task delivers the completed exchange and retires the bucket it came
     * from, so nothing is lost. Only if new messages reach that bucket before the recovery task does are the bucket's
     * earlier messages delivered once more, with its next completion (at least once, never lost).
     *
     * @throws OptimisticLockingException when the bucket changed since {@code exchange} was read, when the same bucket
     *                                    is being completed by another writer, or when an earlier completion of it
     *                                    still awaits its recovery after a crash
     */
    @Override
    public void remove(CamelContext context, String key, Exchange exchange) {
        String bucketKey = bucketKey(key);
        long bucketVersion = readVersion(exchange, key);
        String exchangeId = exchange.getExchangeId();
        String doneKey = doneKey(exchangeId);
        String completionId = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        byte[] completed = new Completed(key, bucketVersion, completionId, now, codec().encode(exchange, key)).toBytes();
        long doneVersion;
        try {
            doneVersion = store().put(doneKey, completed, ABSENT);
        } catch (CheckpointConflictException e) {
            LOG.debug("Aggregation repository '{}': exchange {} of correlation key '{}' is being completed by another "
                    + "writer, or its earlier completion is not confirmed yet", repositoryName, exchangeId, key);
            throw new OptimisticLockingException();
        }
        try {
            retire(bucketKey, bucketVersion, completionId, now);
        } catch (CheckpointConflictException e) {
            if (isRetiredBy(bucketKey, completionId)) {
                return; // the recovery task found this removal stalled and finished it
            }
            undoCompleted(doneKey, doneVersion);
            LOG.debug("Aggregation repository '{}': {}", repositoryName, e.getMessage());
            throw new OptimisticLockingException();
        } catch (RuntimeException e) {
            undoCompleted(doneKey, doneVersion);
            throw e;
        }
        purgeDueTombstones();
    }

    /** Deletes the completed exchange: its downstream processing is done. */
    @Override
    public void confirm(CamelContext context, String exchangeId) {
        store().delete(doneKey(exchangeId), ANY_VERSION);
    }

    /** @return false when the store could not delete it now; the Aggregator tries again on its next recovery run */
    @Override
    public boolean confirmWithResult(CamelContext context, String exchangeId) {
        try {
            confirm(context, exchangeId);
            return true;
        } catch (CheckpointStoreException e) {
            LOG.warn("Aggregation repository '{}' could not confirm exchange {} yet: {}", repositoryName, exchangeId,
                    e.getMessage());
            return false;
        }
    }

    /** The correlation keys that have a bucket (tombstones left out). */
    @Override
    public Set<String> getKeys() {
        String prefix = bucketPrefix();
        Set<String> keys = new LinkedHashSet<>();
        for (String storeKey : store().keys(prefix)) {
            store().get(storeKey)
                    .filter(record -> AggregationRecord.parse(record) instanceof Bucket)
                    .ifPresent(record -> keys.add(storeKey.substring(prefix.length())));
        }
        return Collections.unmodifiableSet(keys);
    }

    // ---- RecoverableAggregationRepository

    /** The ids of the completed exchanges awaiting confirm. */
    @Override
    public Set<String> scan(CamelContext context) {
        String prefix = donePrefix();
        Set<String> ids = new LinkedHashSet<>();
        for (String storeKey : store().keys(prefix)) {
            ids.add(storeKey.substring(prefix.length()));
        }
        return Collections.unmodifiableSet(ids);
    }

    /**
     * The completed exchange awaiting confirm under {@code exchangeId}; null when there is none, or when it completed
     * less than {@code recoveryInterval} ago: its first delivery may still be under way, here or on another node
     * sharing the store. If a crash interrupted its {@link #remove}, its bucket is retired here.
     */
    @Override
    public Exchange recover(CamelContext context, String exchangeId) {
        Optional<Checkpoint> read = store().get(doneKey(exchangeId));
        if (read.isEmpty() || !(AggregationRecord.parse(read.get()) instanceof Completed completed)
                || System.currentTimeMillis() - completed.completedAt() < recoveryInterval) {
            return null;
        }
        finishInterruptedRemove(completed, exchangeId);
        return codec().decode(context, completed.exchange(), "completed exchange " + exchangeId);
    }

    // the bucket is still the one completed (same version, same exchange) only if remove() stopped between its writes
    private void finishInterruptedRemove(Completed completed, String exchangeId) {
        String bucketKey = bucketKey(completed.correlationKey());
        Optional<Checkpoint> current = store().get(bucketKey);
        if (current.isPresent() && current.get().version() == completed.bucketVersion()
                && AggregationRecord.parse(current.get()) instanceof Bucket bucket
                && bucket.exchangeId().equals(exchangeId)) {
            try {
                retire(bucketKey, completed.bucketVersion(), completed.completionId(), System.currentTimeMillis());
                LOG.info("Aggregation repository '{}' retired the bucket of correlation key '{}', whose completion was "
                        + "interrupted after exchange {} had been stored", repositoryName, completed.correlationKey(),
                        exchangeId);
            } catch (CheckpointConflictException e) {
                LOG.debug("Aggregation repository '{}': {}", repositoryName, e.getMessage());
            }
        }
    }

    // ---- tombstones

    private void retire(String bucketKey, long bucketVersion, String completionId, long completedAt) {
        long version = store().put(bucketKey, new Tombstone(completedAt, completionId).toBytes(), bucketVersion);
        pendingPurges.add(new PendingPurge(bucketKey, version, completedAt + tombstoneRetention));
    }

    private boolean isRetiredBy(String bucketKey, String completionId) {
        return store().get(bucketKey)
                .map(AggregationRecord::parse)
                .filter(record -> record instanceof Tombstone tombstone && tombstone.completionId().equals(completionId))
                .isPresent();
    }

    private void undoCompleted(String doneKey, long doneVersion) {
        try {
            store().delete(doneKey, doneVersion);
        } catch (RuntimeException e) {
            LOG.warn("Aggregation repository '{}' could not delete record '{}' of a completion that did not happen; the "
                    + "recovery task will deliver it: {}", repositoryName, doneKey, e.getMessage());
        }
    }

    // this instance's own tombstones, oldest first, deleted as they come due while the repository is in use
    private void purgeDueTombstones() {
        long now = System.currentTimeMillis();
        PendingPurge due;
        while ((due = pendingPurges.peek()) != null && due.dueAt() <= now) {
            if (pendingPurges.remove(due)) {
                deleteTombstone(due.key(), due.version());
            }
        }
    }

    // at start: tombstones of earlier runs and of other nodes
    private void sweepTombstones() {
        long now = System.currentTimeMillis();
        List<PendingPurge> later = new ArrayList<>();
        for (String key : store.keys(bucketPrefix())) {
            Optional<Checkpoint> read = store.get(key);
            if (read.isPresent() && AggregationRecord.parse(read.get()) instanceof Tombstone tombstone) {
                long dueAt = tombstone.completedAt() + tombstoneRetention;
                if (dueAt <= now) {
                    deleteTombstone(key, read.get().version());
                } else {
                    later.add(new PendingPurge(key, read.get().version(), dueAt));
                }
            }
        }
        later.sort(Comparator.comparingLong(PendingPurge::dueAt));
        pendingPurges.addAll(later);
    }

    private void deleteTombstone(String key, long version) {
        try {
            store.delete(key, version);
        } catch (CheckpointConflictException e) {
            // a new bucket took its place, or another node purged it
        } catch (CheckpointStoreException e) {
            LOG.debug("Aggregation repository '{}' could not delete tombstone '{}' (deleted at the next start): {}",
                    repositoryName, key, e.getMessage());
        }
    }

    // ---- lifecycle

    @Override
    protected void doStart() throws Exception {
        if (repositoryName == null) {
            throw new IllegalStateException("CheckpointAggregationRepository needs a repositoryName");
        }
        CheckpointStore resolved = checkpointStore;
        if (resolved == null) {
            if (camelContext == null) {
                throw new IllegalStateException("aggregation repository '" + repositoryName + "' has no checkpointStore "
                        + "and no CamelContext to take the blazen component's store from");
            }
            resolved = camelContext.getComponent("blazen", BlazenComponent.class).checkpointStore();
        }
        codec = new ExchangeCodec(repositoryName, allowSerializedHeaders, deserializationFilter);
        store = resolved;
        sweepTombstones();
        LOG.debug("Aggregation repository '{}' started on {}", repositoryName, resolved);
    }

    @Override
    protected void doStop() throws Exception {
        // the next start's sweep finds the tombstones still pending
        pendingPurges.clear();
    }

    private CheckpointStore store() {
        CheckpointStore started = store;
        if (started == null) {
            throw notStarted();
        }
        return started;
    }

    private ExchangeCodec codec() {
        ExchangeCodec started = codec;
        if (started == null) {
            throw notStarted();
        }
        return started;
    }

    private IllegalStateException notStarted() {
        return new IllegalStateException("aggregation repository '" + repositoryName + "' is not started");
    }

    // ---- keys and versions

    private byte[] bucketRecord(Exchange exchange, String key) {
        return new Bucket(exchange.getExchangeId(), codec().encode(exchange, key)).toBytes();
    }

    private long readVersion(Exchange exchange, String key) {
        Long version = exchange.getProperty(VERSION_PROPERTY, Long.class);
        if (version == null) {
            throw new IllegalArgumentException("the exchange of correlation key '" + key + "' was not read from "
                    + "aggregation repository '" + repositoryName + "' (it has no " + VERSION_PROPERTY + " property)");
        }
        return version;
    }

    private String bucketPrefix() {
        return "agg:" + repositoryName + ":";
    }

    private String bucketKey(String correlationKey) {
        return bucketPrefix() + correlationKey;
    }

    private String donePrefix() {
        return "agg-done:" + repositoryName + ":";
    }

    private String doneKey(String exchangeId) {
        return donePrefix() + exchangeId;
    }

    // ---- properties

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    public String getRepositoryName() {
        return repositoryName;
    }

    /**
     * Names this repository's records in the store: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter
     * or digit. Aggregators that share a name share their buckets.
     */
    public void setRepositoryName(String repositoryName) {
        if (repositoryName == null || !REPOSITORY_NAME.matcher(repositoryName).matches()) {
            throw new IllegalArgumentException("aggregation repository name '" + repositoryName + "' is not valid: use 1 "
                    + "to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        this.repositoryName = repositoryName;
    }

    /** The configured store; null when the blazen component's store is used. */
    public CheckpointStore getCheckpointStore() {
        return checkpointStore;
    }

    public void setCheckpointStore(CheckpointStore checkpointStore) {
        this.checkpointStore = checkpointStore;
    }

    public boolean isAllowSerializedHeaders() {
        return allowSerializedHeaders;
    }

    /**
     * Also store header, exchange property and variable values of any Serializable type, not only String, Number,
     * Character, Boolean and Date. Needed by strategies that keep their state in a property, such as Camel's
     * {@code groupedBody} (a list). Default false.
     */
    public void setAllowSerializedHeaders(boolean allowSerializedHeaders) {
        this.allowSerializedHeaders = allowSerializedHeaders;
    }

    public String getDeserializationFilter() {
        return deserializationFilter;
    }

    /**
     * The {@link java.io.ObjectInputFilter} pattern applied when reading exchanges back, default
     * {@value #DEFAULT_DESERIALIZATION_FILTER}. Add the packages of Serializable body and header classes before the
     * final {@code !*}, for example {@code com.acme.**;java.**;javax.**;org.apache.camel.**;dev.blazen.**;!*}. Blank:
     * no filter (only for stores nobody else can write to).
     */
    public void setDeserializationFilter(String deserializationFilter) {
        this.deserializationFilter = deserializationFilter;
    }

    public long getTombstoneRetention() {
        return tombstoneRetention;
    }

    /**
     * How long, in milliseconds, a completed bucket's tombstone is kept before it is deleted; default 60000. It must
     * exceed the longest time an Aggregator may take between reading a bucket and writing it back.
     */
    public void setTombstoneRetention(long tombstoneRetention) {
        if (tombstoneRetention <= 0) {
            throw new IllegalArgumentException("tombstoneRetention must be positive, was " + tombstoneRetention);
        }
        this.tombstoneRetention = tombstoneRetention;
    }

    @Override
    public boolean isUseRecovery() {
        return useRecovery;
    }

    /** Whether the Aggregator runs a recovery task over the unconfirmed completed exchanges; default true. */
    @Override
    public void setUseRecovery(boolean useRecovery) {
        this.useRecovery = useRecovery;
    }

    /** Milliseconds between recovery runs; also how old a completed exchange must be to be recovered. */
    @Override
    public long getRecoveryInterval() {
        return recoveryInterval;
    }

    /** Milliseconds between recovery runs, default 5000; also how old a completed exchange must be to be recovered. */
    @Override
    public void setRecoveryInterval(long interval) {
        this.recoveryInterval = interval;
    }

    @Override
    public void setRecoveryInterval(long interval, TimeUnit timeUnit) {
        setRecoveryInterval(timeUnit.toMillis(interval));
    }

    @Override
    public int getMaximumRedeliveries() {
        return maximumRedeliveries;
    }

    /**
     * Recovery attempts before a completed exchange goes to {@code deadLetterUri}; 0 (default) retries forever. Must
     * be positive when a dead letter URI is set.
     */
    @Override
    public void setMaximumRedeliveries(int maximumRedeliveries) {
        this.maximumRedeliveries = maximumRedeliveries;
    }

    @Override
    public String getDeadLetterUri() {
        return deadLetterUri;
    }

    /** Where a completed exchange goes after {@code maximumRedeliveries} failed recovery attempts. */
    @Override
    public void setDeadLetterUri(String deadLetterUri) {
        this.deadLetterUri = deadLetterUri;
    }

    @Override
    public String toString() {
        return "CheckpointAggregationRepository[" + repositoryName + "]";
    }
}
