package io.github.batchaudience.internal.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import io.github.batchaudience.internal.support.ByteInput;

/**
 * Merges run files, each sorted by ID with one row per ID, into one, with a heap: of the rows of
 * an ID, the one of the latest run wins, runs being listed in the order they were written.
 */
final class RunMerge {
    private static final int MIN_BUFFER = 8 << 10;
    private static final int MAX_BUFFER = 64 << 10;

    private RunMerge() {
    }

    /**
     * @param membersOnly leave out the IDs whose winning row is a remove (the last merge), rather
     *                    than keep it to hide the ID's rows of earlier runs
     */
    static void merge(List<Path> runs, Path target, boolean membersOnly, long memoryBudget) throws IOException {
        int buffer = (int) Math.max(MIN_BUFFER, Math.min(MAX_BUFFER, memoryBudget / (runs.size() + 1)));
        PriorityQueue<Cursor> heap = new PriorityQueue<>(
                Comparator.<Cursor, SortRecord>comparing(c -> c.record, SortRecord::compareId)
                        .thenComparingInt(c -> c.index));
        List<Cursor> cursors = new ArrayList<>();
        try (RunWriter out = new RunWriter(target)) {
            for (int i = 0; i < runs.size(); i++) {
                Cursor cursor = new Cursor(i, new ByteInput(Files.newInputStream(runs.get(i)), buffer));
                cursors.add(cursor);
                advance(cursor, heap);
            }
            while (!heap.isEmpty()) {
                Cursor winner = heap.poll();
                while (!heap.isEmpty() && heap.peek().record.sameId(winner.record)) {
                    advance(winner, heap);
                    winner = heap.poll();
                }
                if (winner.record.add || !membersOnly) {
                    out.write(winner.record);
                }
                advance(winner, heap);
            }
        } finally {
            for (Cursor cursor : cursors) {
                cursor.in.close();
            }
        }
    }

    private static void advance(Cursor cursor, PriorityQueue<Cursor> heap) throws IOException {
        if (cursor.record.read(cursor.in)) {
            heap.add(cursor);
        }
    }

    private static final class Cursor {
        final int index;
        final ByteInput in;
        final SortRecord record = new SortRecord();

        Cursor(int index, ByteInput in) {
            this.index = index;
            this.in = in;
        }
    }
}
