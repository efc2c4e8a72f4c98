package io.github.batchaudience.internal.sync;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.batchaudience.internal.support.ByteInput;

/**
 * The rows of several sorted runs as one sorted stream, merged with a heap as they are read: run
 * files (one row per ID each) in the order they were written, then the last run, still in memory.
 * Rows of one ID come in the order of their runs, so the last of them is the latest.
 */
final class MergedRuns implements MemberReader.Source, Closeable {
    private static final int MIN_BUFFER = 8 << 10;
    private static final int MAX_BUFFER = 64 << 10;

    private final List<Cursor> cursors = new ArrayList<>();
    /** A binary heap of the cursors that have a row, the least row first (then the earliest run). */
    private Cursor[] heap;
    private int size;

    /** @param memory the last run, sorted; null when every run is in a file */
    MergedRuns(List<Path> files, SortRun memory, long memoryBudget) throws IOException {
        int buffer = (int) Math.max(MIN_BUFFER, Math.min(MAX_BUFFER, memoryBudget / (files.size() + 1)));
        heap = new Cursor[files.size() + 1];
        try {
            for (Path file : files) {
                ByteInput in = new ByteInput(Files.newInputStream(file), buffer);
                Cursor cursor = new Cursor(cursors.size(), in, null);
                cursors.add(cursor);
                offer(cursor);
            }
            if (memory != null) {
                Cursor cursor = new Cursor(cursors.size(), null, memory);
                cursors.add(cursor);
                offer(cursor);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    @Override
    public boolean next(SortRecord into) throws IOException {
        if (size == 0) {
            return false;
        }
        Cursor first = heap[0];
        into.copyFrom(first.record);
        if (!first.advance()) {
            heap[0] = heap[--size];
            heap[size] = null;
        }
        if (size > 0) {
            siftDown(0);
        }
        return true;
    }

    private void offer(Cursor cursor) throws IOException {
        if (cursor.advance()) {
            heap[size++] = cursor;
        }
    }

    private void siftDown(int at) {
        Cursor moving = heap[at];
        int i = at;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], moving)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = moving;
    }

    private static boolean before(Cursor a, Cursor b) {
        int order = a.record.compareId(b.record);
        return order < 0 || order == 0 && a.index < b.index;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Cursor cursor : cursors) {
            if (cursor.in != null) {
                try {
                    cursor.in.close();
                } catch (IOException e) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static final class Cursor {
        final int index;
        final ByteInput in;
        final SortRun memory;
        final SortRecord record = new SortRecord();
        int position;

        Cursor(int index, ByteInput in, SortRun memory) {
            this.index = index;
            this.in = in;
            this.memory = memory;
        }

        boolean advance() throws IOException {
            if (in != null) {
                return record.read(in);
            }
            if (position == memory.size()) {
                return false;
            }
            memory.decode(position++, record);
            return true;
        }
    }
}
