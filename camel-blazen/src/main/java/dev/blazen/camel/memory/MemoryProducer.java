package dev.blazen.camel.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blazen.camel.BlazenConfiguration;
import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.BlazenEndpoint;
import dev.blazen.camel.model.ModelLookup;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.memory.Memory;
import dev.blazen.memory.MemoryEntry;
import dev.blazen.memory.MemoryResult;
import dev.blazen.memory.MetadataFilter;
import dev.blazen.memory.SearchMode;
import dev.blazen.memory.store.MemoryStoreSpec;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code blazen:memory:store}: opens (or shares) the named store when the route starts and runs each message's
 * operation on it. Results are plain Java (String, Long, Boolean, Map, List) so YAML routes and JSON marshalling work
 * without knowing the memory types.
 */
public class MemoryProducer extends DefaultProducer {

    /** The operations, by their URI names. */
    enum Operation {
        ADD("add"), SEARCH("search"), SEARCH_LOCAL("searchLocal"), GET("get"), DELETE("delete"), COUNT("count"),
        LIST("list");

        final String uriName;

        Operation(String uriName) {
            this.uriName = uriName;
        }

        static Operation parse(String text) {
            for (Operation o : values()) {
                if (o.uriName.equalsIgnoreCase(text.trim())) {
                    return o;
                }
            }
            throw new ValidationError("operation", "unknown memory operation '" + text + "'; the operations are "
                    + Arrays.stream(values()).map(o -> o.uriName).toList());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlazenEndpoint endpoint;
    private final Operation operation;
    private final MetadataFilter filter;
    private Memory memory;

    public MemoryProducer(BlazenEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        BlazenConfiguration c = endpoint.getConfiguration();
        this.operation = Operation.parse(c.getOperation() == null ? "search" : c.getOperation());
        this.filter = filter(c.getFilter(), "filter");
        if (c.getLimit() < 1) {
            throw new ValidationError("limit", "must be at least 1, got " + c.getLimit());
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        BlazenConfiguration c = endpoint.getConfiguration();
        Object bean = endpoint.getCamelContext().getRegistry().lookupByName(endpoint.getName());
        if (bean instanceof Memory registered) {
            memory = registered;
            return;
        }
        MemoryStoreSpec spec = new MemoryStoreSpec(endpoint.getName(),
                blank(c.getBackend()) ? null : MemoryStoreSpec.Backend.parse(c.getBackend()),
                blank(c.getPath()) ? null : c.getPath(), blank(c.getRedisUri()) ? null : c.getRedisUri(),
                blank(c.getPassword()) ? null : c.getPassword(), searchMode(c.getSearchMode()));
        String model = blank(c.getModel()) ? null : c.getModel().strip();
        memory = endpoint.getComponent().memoryStores().open(spec, model,
                () -> ModelLookup.resolve(endpoint.getCamelContext(), c));
    }

    private static SearchMode searchMode(String text) {
        if (blank(text)) {
            return SearchMode.INDEXED;
        }
        try {
            return SearchMode.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationError("searchMode", "unknown search mode '" + text + "'; the modes are exact, indexed "
                    + "and simhash");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String override = message.getHeader(BlazenConstants.OPERATION, String.class);
        Operation op = override == null ? operation : Operation.parse(override);
        BlazenConfiguration c = endpoint.getConfiguration();
        Object result = switch (op) {
            case ADD -> add(message);
            case SEARCH, SEARCH_LOCAL -> {
                String query = message.getBody(String.class);
                Object headerFilter = message.getHeader(BlazenConstants.FILTER);
                MetadataFilter f = headerFilter == null ? filter : filter(headerFilter, BlazenConstants.FILTER);
                double min = c.getScoreThreshold() == null ? Double.NEGATIVE_INFINITY : c.getScoreThreshold();
                List<MemoryResult> hits = op == Operation.SEARCH ? memory.search(query, c.getLimit(), f, min)
                        : memory.searchLocal(query, c.getLimit(), f, min);
                List<Map<String, Object>> out = new ArrayList<>(hits.size());
                for (MemoryResult r : hits) {
                    out.add(result(r.id(), r.text(), r.score(), r.metadata()));
                }
                yield out;
            }
            case GET -> memory.get(id(message)).map(e -> result(e.id(), e.text(), null, e.metadata())).orElse(null);
            case DELETE -> memory.delete(id(message));
            case COUNT -> memory.count();
            case LIST -> memory.list().stream().map(e -> result(e.id(), e.text(), null, e.metadata())).toList();
        };
        endpoint.setResult(exchange, result);
    }

    private Object add(Message message) {
        Object body = message.getBody();
        if (body instanceof Collection<?> items) {
            List<MemoryEntry> entries = new ArrayList<>(items.size());
            int i = 0;
            for (Object item : items) {
                entries.add(entry(item, null, null, "body[" + i++ + "]"));
            }
            return memory.addAll(entries);
        }
        MemoryEntry entry = entry(body instanceof Map<?, ?> ? body : message.getBody(String.class),
                message.getHeader(BlazenConstants.ENTRY_ID, String.class), message.getHeader(BlazenConstants.METADATA),
                "body");
        return memory.addAll(List.of(entry)).get(0);
    }

    @SuppressWarnings("unchecked")
    private static MemoryEntry entry(Object item, String id, Object metadata, String field) {
        if (item instanceof MemoryEntry e) {
            return e;
        }
        if (item instanceof Map<?, ?> map) {
            Object text = map.get("text");
            if (!(text instanceof String)) {
                throw new ValidationError(field + ".text", "an entry Map needs a text, got keys " + map.keySet());
            }
            Object meta = map.get("metadata");
            if (meta != null && !(meta instanceof Map)) {
                throw new ValidationError(field + ".metadata", "must be a Map, got " + meta.getClass().getSimpleName());
            }
            Object entryId = map.get("id");
            return new MemoryEntry(entryId == null ? id : entryId.toString(), (String) text, (Map<String, Object>) meta);
        }
        Map<String, ?> meta = metadata == null ? null : jsonObject(metadata, BlazenConstants.METADATA);
        return new MemoryEntry(id, item == null ? null : item.toString(), (Map<String, Object>) meta);
    }

    private static String id(Message message) {
        String id = message.getHeader(BlazenConstants.ENTRY_ID, String.class);
        return id != null ? id : message.getBody(String.class);
    }

    private static MetadataFilter filter(Object value, String field) {
        if (value == null || value instanceof String s && s.isBlank()) {
            return MetadataFilter.ALL;
        }
        return MetadataFilter.of(jsonObject(value, field));
    }

    /** A Map as it is, or JSON object text (what YAML routes can write) parsed into one. */
    @SuppressWarnings("unchecked")
    private static Map<String, ?> jsonObject(Object value, String field) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, ?>) map;
        }
        try {
            Object parsed = JSON.readValue(value.toString(), Object.class);
            if (parsed instanceof Map<?, ?> map) {
                return (Map<String, ?>) map;
            }
        } catch (JsonProcessingException e) {
            // reported below with the text
        }
        throw new ValidationError(field, "expected a Map or a JSON object such as {\"category\":\"geo\"}, got '"
                + value + "'");
    }

    private static Map<String, Object> result(String id, String text, Double score, Map<String, Object> metadata) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("text", text);
        if (score != null) {
            out.put("score", score);
        }
        out.put("metadata", metadata);
        return out;
    }
}
