package dev.blazen.memory.lucene;

import dev.blazen.memory.MetadataFilter;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How entry metadata is indexed so that a {@link MetadataFilter} becomes a Lucene query.
 * <p>
 * Every node of the metadata tree is one term of the {@value #FIELD} field: its path from the root, a NUL, and its
 * typed value. A path is its keys in double quotes (quotes, backslashes and NULs escaped) and its list positions in
 * brackets, so {@code {"source":{"tags":["a"]}}} gives the terms {@code "source"\0o}, {@code "source""tags"\0l1} and
 * {@code "source""tags"[0]\0sa}. Values: {@code o} an object (any keys), {@code l<size>} a list, {@code s<text>} a
 * string, {@code b1}/{@code b0} a boolean, {@code n} null, {@code d<number>} a number as its canonical decimal (trailing
 * zeros stripped, so 1, 1.0 and 1.00 are the same term, as {@link MetadataFilter} compares numbers by value). A term
 * longer than {@value #MAX_TERM_CHARS} characters is replaced by the SHA-256 of its text.
 * <p>
 * A filter becomes the conjunction of the terms its own tree gives: every key it names must be there with that value,
 * nested objects need only the keys they name (the superset match), and lists must have the same size and match
 * position by position. The query therefore matches every entry the filter matches; values it cannot express (a
 * number that is not a decimal, objects that are not JSON values) are left out of the query, which only makes it match
 * more, and the backend applies {@link MetadataFilter#matches} to what the query found, so results are exact.
 */
final class MetadataTerms {

    static final String FIELD = "meta";
    static final int MAX_TERM_CHARS = 4096;
    /** Lucene's default limit is 1024 clauses; a filter naming more leaves than this is narrowed by its first ones. */
    static final int MAX_CLAUSES = 512;

    private MetadataTerms() {
    }

    /** Every term of this metadata (as read back from its stored JSON), each once. */
    static Set<String> terms(Map<String, Object> metadata) {
        Set<String> out = new HashSet<>();
        for (Map.Entry<String, Object> e : metadata.entrySet()) {
            walk(key("", e.getKey()), e.getValue(), out::add);
        }
        return out;
    }

    private static void walk(String path, Object value, Consumer<String> out) {
        String encoded = value(value);
        if (encoded != null) {
            out.accept(term(path, encoded));
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                walk(key(path, String.valueOf(e.getKey())), e.getValue(), out);
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(index(path, i), list.get(i), out);
            }
        }
    }

    /** A query matching every entry the filter matches (and possibly a few more); match-all for the empty filter. */
    static Query query(MetadataFilter filter) {
        List<String> terms = new ArrayList<>();
        for (Map.Entry<String, Object> e : filter.fields().entrySet()) {
            walk(key("", e.getKey()), e.getValue(), terms::add);
        }
        if (terms.isEmpty()) {
            return new MatchAllDocsQuery();
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String t : new HashSet<>(terms).stream().limit(MAX_CLAUSES).toList()) {
            b.add(new TermQuery(new Term(FIELD, t)), BooleanClause.Occur.FILTER);
        }
        return new ConstantScoreQuery(b.build());
    }

    private static String key(String path, String key) {
        StringBuilder sb = new StringBuilder(path.length() + key.length() + 2).append(path).append('"');
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\0' -> sb.append("\\0");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    /** The typed value; null when it cannot be expressed as a term (then the filter does not constrain it). */
    static String value(Object value) {
        if (value == null) {
            return "n";
        }
        if (value instanceof String s) {
            return "s" + s;
        }
        if (value instanceof Boolean b) {
            return b ? "b1" : "b0";
        }
        if (value instanceof Number n) {
            try {
                BigDecimal d = new BigDecimal(n.toString());
                return "d" + (d.signum() == 0 ? "0" : d.stripTrailingZeros().toString());
            } catch (NumberFormatException e) {
                return null; // NaN, infinities, unusual Number types: only the exact check decides
            }
        }
        if (value instanceof Map<?, ?>) {
            return "o";
        }
        if (value instanceof List<?> list) {
            return "l" + list.size();
        }
        return null;
    }

    private static String term(String path, String value) {
        String t = path + '\0' + value;
        if (t.length() <= MAX_TERM_CHARS) {
            return t;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(t.getBytes(StandardCharsets.UTF_8));
            return "#" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
