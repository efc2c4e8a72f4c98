package io.github.batchaudience.internal.sync;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.batchaudience.internal.support.ByteSink;

/** Writes sort records to a file, through a buffer that takes no lock. */
final class RunWriter implements Closeable {
    private static final int FLUSH_AT = 64 << 10;

    private final OutputStream out;
    private final ByteSink buffer = new ByteSink(FLUSH_AT + 1024);
    private boolean closed;

    RunWriter(Path file) throws IOException {
        this.out = Files.newOutputStream(file);
    }

    void write(SortRecord record) throws IOException {
        record.writeTo(buffer);
        if (buffer.size() >= FLUSH_AT) {
            buffer.writeTo(out);
            buffer.reset();
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (out) {
            buffer.writeTo(out);
            buffer.reset();
        }
    }
}
