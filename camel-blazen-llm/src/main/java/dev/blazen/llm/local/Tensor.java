package dev.blazen.llm.local;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.blazen.llm.error.ValidationError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A named dense tensor in row-major order: float32 data ({@link #floats()}) or int64 data ({@link #longs()}), exactly
 * one of which is set. The data length must equal the product of the shape. As JSON it is
 * {@code {"name", "type", "shape", "data"}} with flat data.
 */
public record Tensor(String name, ElementType type, long[] shape, float[] floats, long[] longs) {

    /** The element types that can be fed to and read from a model. */
    public enum ElementType {
        FLOAT32, INT64;

        /** {@code float32} / {@code int64}, as models and JSON write them. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code float32} (or {@code float}) and {@code int64} (or {@code long}). */
        public static ElementType parse(String name, String tensor) {
            return switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "float32", "float" -> FLOAT32;
                case "int64", "long" -> INT64;
                default -> throw new ValidationError(tensor, "unknown tensor type '" + name
                        + "'; the types are float32 and int64");
            };
        }
    }

    public Tensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(shape, "shape");
        if ((type == ElementType.FLOAT32) != (floats != null) || (type == ElementType.INT64) != (longs != null)) {
            throw new ValidationError(name, "a " + type + " tensor needs exactly its own data array");
        }
        long elements = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new ValidationError(name, "negative dimension in shape " + Arrays.toString(shape));
            }
            elements = Math.multiplyExact(elements, d);
        }
        int length = floats != null ? floats.length : longs.length;
        if (elements != length) {
            throw new ValidationError(name, "shape " + Arrays.toString(shape) + " holds " + elements
                    + " elements but the data has " + length);
        }
        shape = shape.clone();
    }

    public static Tensor ofFloats(String name, long[] shape, float[] data) {
        return new Tensor(name, ElementType.FLOAT32, shape, data, null);
    }

    public static Tensor ofLongs(String name, long[] shape, long[] data) {
        return new Tensor(name, ElementType.INT64, shape, null, data);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * A tensor from loosely typed values, as they come from JSON, YAML or a Camel body: a Tensor (renamed), a Map with
     * {@code data} and optional {@code shape} and {@code type}, nested Lists or arrays of numbers (the shape is their
     * nesting), or a flat primitive array (one dimension). {@code type} is used where the value does not name one.
     */
    public static Tensor from(String name, Object value, ElementType type) {
        if (value instanceof Tensor t) {
            return new Tensor(name, t.type, t.shape, t.floats, t.longs);
        }
        if (value instanceof Map<?, ?> map) {
            Object data = map.get("data");
            if (data == null) {
                throw new ValidationError(name, "a tensor map needs 'data' (and may give 'shape' and 'type'), got keys "
                        + map.keySet());
            }
            ElementType declared = map.get("type") == null ? type : ElementType.parse(map.get("type").toString(), name);
            List<Long> dims = new ArrayList<>();
            List<Number> flat = new ArrayList<>();
            flatten(name, data, 0, dims, flat);
            long[] shape = map.get("shape") == null ? dims.stream().mapToLong(Long::longValue).toArray()
                    : shapeOf(name, map.get("shape"));
            return of(name, declared, shape, flat);
        }
        List<Long> dims = new ArrayList<>();
        List<Number> flat = new ArrayList<>();
        flatten(name, value, 0, dims, flat);
        return of(name, type, dims.stream().mapToLong(Long::longValue).toArray(), flat);
    }

    private static Tensor of(String name, ElementType type, long[] shape, List<Number> values) {
        if (type == ElementType.FLOAT32) {
            float[] data = new float[values.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = values.get(i).floatValue();
            }
            return ofFloats(name, shape, data);
        }
        long[] data = new long[values.size()];
        for (int i = 0; i < data.length; i++) {
            Number n = values.get(i);
            if (n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new ValidationError(name, "int64 tensor holds the non-integer " + n + " at element " + i);
            }
            data[i] = n.longValue();
        }
        return ofLongs(name, shape, data);
    }

    private static long[] shapeOf(String name, Object shape) {
        if (!(shape instanceof Collection<?> dims)) {
            throw new ValidationError(name, "shape must be a list of dimensions, got " + shape);
        }
        long[] out = new long[dims.size()];
        int i = 0;
        for (Object d : dims) {
            if (!(d instanceof Number n)) {
                throw new ValidationError(name, "shape " + dims + " holds the non-number " + d);
            }
            out[i++] = n.longValue();
        }
        return out;
    }

    /** Appends the numbers of a nested value to {@code flat}, recording (and checking) each level's size. */
    private static void flatten(String name, Object value, int depth, List<Long> dims, List<Number> flat) {
        List<?> items = asList(value);
        if (items == null) {
            if (!(value instanceof Number n)) {
                throw new ValidationError(name, "tensor data must be numbers (nested lists for more dimensions), got "
                        + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
            }
            if (depth < dims.size()) {
                throw new ValidationError(name, "ragged tensor data: a number where a list of " + dims.get(depth)
                        + " was expected");
            }
            flat.add(n);
            return;
        }
        if (depth == dims.size()) {
            if (!flat.isEmpty()) {
                throw new ValidationError(name, "ragged tensor data: a list where a number was expected");
            }
            dims.add((long) items.size());
        } else if (dims.get(depth) != items.size()) {
            throw new ValidationError(name, "ragged tensor data: lists of " + dims.get(depth) + " and " + items.size()
                    + " elements at depth " + depth);
        }
        for (Object item : items) {
            flatten(name, item, depth + 1, dims, flat);
        }
    }

    private static List<?> asList(Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        if (value instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        if (value instanceof Object[] a) {
            return Arrays.asList(a);
        }
        if (value instanceof float[] a) {
            List<Number> out = new ArrayList<>(a.length);
            for (float x : a) {
                out.add(x);
            }
            return out;
        }
        if (value instanceof double[] a) {
            return Arrays.stream(a).boxed().toList();
        }
        if (value instanceof long[] a) {
            return Arrays.stream(a).boxed().toList();
        }
        if (value instanceof int[] a) {
            return Arrays.stream(a).boxed().toList();
        }
        return null;
    }

    /** The data array, float[] or long[] (flat, row-major). */
    @JsonProperty("data")
    public Object data() {
        return floats != null ? floats : longs;
    }

    @JsonProperty("type")
    public String typeName() {
        return type.wireName();
    }

    @JsonIgnore
    @Override
    public ElementType type() {
        return type;
    }

    /** The float32 data; fails for an int64 tensor. */
    @JsonIgnore
    @Override
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("tensor " + name + " holds " + type + ", not float32");
        }
        return floats;
    }

    /** The int64 data; fails for a float32 tensor. */
    @JsonIgnore
    @Override
    public long[] longs() {
        if (longs == null) {
            throw new IllegalStateException("tensor " + name + " holds " + type + ", not int64");
        }
        return longs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && name.equals(t.name) && type == t.type && Arrays.equals(shape, t.shape)
                && Arrays.equals(floats, t.floats) && Arrays.equals(longs, t.longs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(shape), Arrays.hashCode(floats), Arrays.hashCode(longs));
    }

    @Override
    public String toString() {
        int length = floats != null ? floats.length : longs.length;
        return "Tensor[" + name + ", " + type + ", shape=" + Arrays.toString(shape) + ", " + length + " elements]";
    }
}
