package io.github.batchaudience.internal.batching;

import java.util.ArrayList;
import java.util.List;

/** Cuts a stream of elements into requests of at most batchSize IDs and maxRequestBytes bytes. */
final class Chunker {
    private final int batchSize;
    private final long maxBytes;
    private final RequestShape shape;
    private final Sink sink;
    private List<Element> current;
    private long currentBytes;

    Chunker(int batchSize, long maxBytes, RequestShape shape, Sink sink) {
        this.batchSize = batchSize;
        this.maxBytes = maxBytes;
        this.shape = shape;
        this.sink = sink;
        reset();
    }

    void add(Element e) throws InterruptedException, WriteAbortedException {
        long size = shape.elementSize(e) + (current.isEmpty() ? 0 : 1);
        if (!current.isEmpty() && currentBytes + size > maxBytes) {
            flush();
            size = shape.elementSize(e);
        }
        current.add(e);
        currentBytes += size;
        if (current.size() >= batchSize) {
            flush();
        }
    }

    void flush() throws InterruptedException, WriteAbortedException {
        if (!current.isEmpty()) {
            sink.accept(current);
            reset();
        }
    }

    /** Where full requests go. */
    @FunctionalInterface
    interface Sink {
        void accept(List<Element> chunk) throws InterruptedException, WriteAbortedException;
    }

    private void reset() {
        current = new ArrayList<>(batchSize);
        currentBytes = shape.envelopeSize();
    }
}
