package dev.blazen.llm.local;

import java.util.Arrays;

/**
 * A model input or output as the model declares it: name, element type ({@code float32}, {@code int64}, ... or
 * {@code non-tensor} for sequences and maps) and shape, where -1 marks a dynamic dimension (batch, sequence).
 */
public record TensorInfo(String name, String elementType, long[] shape) {

    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Whether {@code actual} has this shape's rank and every fixed dimension. */
    public boolean accepts(long[] actual) {
        if (actual.length != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] >= 0 && shape[i] != actual[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && elementType.equals(t.elementType)
                && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + elementType.hashCode()) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + ": " + elementType + Arrays.toString(shape);
    }
}
