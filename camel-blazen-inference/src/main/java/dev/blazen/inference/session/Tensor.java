package dev.blazen.inference.session;

import dev.blazen.llm.error.ValidationError;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named dense tensor in row-major order: float32 data ({@link #floats()}) or int64 data ({@link #longs()}), exactly
 * one of which is set. The data length must equal the product of the shape.
 */
public record Tensor(String name, ElementType type, long[] shape, float[] floats, long[] longs) {

    /** The element types that can be fed to and read from a model. */
    public enum ElementType { FLOAT32, INT64 }

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

    /** The float32 data; fails for an int64 tensor. */
    @Override
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("tensor " + name + " holds " + type + ", not float32");
        }
        return floats;
    }

    /** The int64 data; fails for a float32 tensor. */
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
