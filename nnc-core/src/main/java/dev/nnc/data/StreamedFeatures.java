package dev.nnc.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Features decoded from disk on demand, one example at a time, so a data set larger than memory trains: only
 * a bounded window of decoded examples is held ({@link #capacity()}: 192 MiB of floats, or an
 * eighth of the heap if that is less), the least recently asked-for evicted first. {@link #prefetch} starts decoding the examples of the next batch on background threads while the
 * current one trains, so a step rarely waits for a decoder. Decoding is deterministic, so an evicted example
 * decoded again is the same, bit for bit.
 *
 * <p>Each streamed data set has its own decoder threads (at most {@link #DECODERS}), daemons that end after a
 * few idle seconds: a data set nobody reads any more holds no thread, and needs no closing.
 */
final class StreamedFeatures implements Features {

    /** Background decoders: image decoding is CPU-bound, and the training step wants the other cores. */
    static final int DECODERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
    /** Decoded examples held at most, in bytes of floats, in a JVM with heap to spare. */
    static final long CACHE_BYTES = 192L << 20;
    /**
     * The window's share of the heap at most: a training set, its test set and the batches must fit beside
     * each other in a small heap ({@code -Xmx64m} trains, tested).
     */
    static final int HEAP_SHARE = 8;

    /** How long an idle decoder thread waits for work before it ends. */
    private static final long DECODER_IDLE_SECONDS = 5;

    private final int count;
    private final int exampleSize;
    private final IntFunction<float[]> decode;
    private final int capacity;
    private final Map<Integer, CompletableFuture<float[]>> cache;
    private final ThreadPoolExecutor decoders;
    // the last row read through raw(), per thread: statistics read a row value by value
    private final ThreadLocal<Object[]> lastRow = ThreadLocal.withInitial(() -> new Object[] {-1, null});

    /**
     * @param decode example index to its {@code exampleSize} raw values; throws {@link DataException} for an
     *               unreadable file
     */
    StreamedFeatures(int count, int exampleSize, IntFunction<float[]> decode, int minCapacity) {
        this(count, exampleSize, decode, minCapacity,
                Math.min(CACHE_BYTES, Runtime.getRuntime().maxMemory() / HEAP_SHARE));
    }

    /** With a window of {@code cacheBytes} (tests use small ones). */
    StreamedFeatures(int count, int exampleSize, IntFunction<float[]> decode, int minCapacity, long cacheBytes) {
        this.count = count;
        this.exampleSize = exampleSize;
        this.decode = decode;
        this.capacity = (int) Math.max(minCapacity, Math.min(count, cacheBytes / (4L * exampleSize)));
        this.decoders = new ThreadPoolExecutor(DECODERS, DECODERS, DECODER_IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "nnc-image-decoder");
                    t.setDaemon(true);
                    return t;
                });
        decoders.allowCoreThreadTimeOut(true);
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, CompletableFuture<float[]>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The most decoded examples held at once. */
    int capacity() {
        return capacity;
    }

    /** Decoded examples held now. */
    int held() {
        synchronized (cache) {
            return cache.size();
        }
    }

    /** Starts decoding {@code examples} in the background (those not already held or under way). */
    void prefetch(int[] examples, int from, int n) {
        int ahead = Math.min(n, capacity / 2); // never evict what the current batch is reading
        synchronized (cache) {
            for (int i = from; i < from + ahead; i++) {
                int e = examples[i];
                if (!cache.containsKey(e)) {
                    cache.put(e, CompletableFuture.supplyAsync(() -> decode.apply(e), decoders));
                }
            }
        }
    }

    /** The raw values of example {@code e}, decoded now (on this thread) if no prefetch has started it. */
    float[] row(int e) {
        CompletableFuture<float[]> f;
        CompletableFuture<float[]> mine = null;
        synchronized (cache) {
            f = cache.get(e);
            if (f == null) {
                mine = new CompletableFuture<>();
                cache.put(e, mine);
            }
        }
        if (mine != null) {
            try {
                float[] v = decode.apply(e);
                mine.complete(v);
                return v;
            } catch (RuntimeException ex) {
                mine.completeExceptionally(ex);
                synchronized (cache) {
                    cache.remove(e, mine);
                }
                throw ex;
            }
        }
        try {
            return f.join();
        } catch (CompletionException ex) {
            synchronized (cache) {
                cache.remove(e, f);
            }
            throw ex.getCause() instanceof RuntimeException r ? r : ex;
        }
    }

    @Override
    public float raw(int i) {
        int e = i / exampleSize;
        Object[] last = lastRow.get();
        if ((Integer) last[0] != e) {
            last[1] = row(e);
            last[0] = e;
        }
        return ((float[]) last[1])[i - e * exampleSize];
    }

    @Override
    public int length() {
        return count * exampleSize;
    }
}
