package dev.nnc.graph;

import com.google.common.base.Preconditions;
import java.util.List;
import java.util.stream.Collectors;

/** The shape of ONE example (no batch dimension): (D) for vectors, (C, H, W) for images. */
public record Shape(List<Integer> dims) {

    public Shape {
        dims = List.copyOf(dims);
        for (int d : dims) {
            Preconditions.checkArgument(d >= 1, "dimension %s in %s", d, dims);
        }
    }

    public static Shape of(int... dims) {
        return new Shape(java.util.Arrays.stream(dims).boxed().toList());
    }

    public int rank() {
        return dims.size();
    }

    public int dim(int i) {
        return dims.get(i);
    }

    /**
     * Number of elements, as a long: shapes are checked before anything that large is allocated. Saturates at
     * Long.MAX_VALUE (three dimensions of 2^24 make 2^72), so a size check still refuses it.
     */
    public long size() {
        long n = 1;
        for (int d : dims) {
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
        return n;
    }

    public int[] toArray() {
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code (1, 28, 28)}, the form diagnostics and summaries print. */
    @Override
    public String toString() {
        return dims.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }
}
