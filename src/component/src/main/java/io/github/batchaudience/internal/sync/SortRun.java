package io.github.batchaudience.internal.sync;

import java.io.IOException;
import java.util.Arrays;

import io.github.batchaudience.internal.support.ByteSink;
import io.github.batchaudience.internal.support.VarLong;

/**
 * The rows of one run of the sort, held in memory as binary records within a budget, then sorted
 * by ID. The sort is stable: rows of one ID stay in the order they came in, so the last of them
 * is the last row of the input.
 */
final class SortRun {
    /** What a row costs beside its record: its start, its place in the order and the merge's scratch. */
    private static final int INDEX_BYTES = 12;
    private static final int INSERTION_SORT = 16;

    private final long budget;
    private final ByteSink data = new ByteSink(64 << 10);
    private int[] starts = new int[1024];
    private int count;
    private int[] order;

    SortRun(long budget) {
        this.budget = budget;
    }

    /** Adds a row, unless the budget would be exceeded: false then (a first row always fits). */
    boolean add(byte[] id, int idOffset, int idLength, boolean add, long line, byte[] members, int offset,
                int length) {
        long after = (long) data.size() + SortRecord.maxSize(idLength, length) + (count + 1L) * INDEX_BYTES;
        if (count > 0 && (after > budget || after > Integer.MAX_VALUE)) {
            return false;
        }
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = data.size();
        SortRecord.encode(data, id, idOffset, idLength, add, line, members, offset, length);
        return true;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Orders the rows by ID, those of one ID in the order they came. */
    void sort() {
        order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        int[] scratch = order.clone();
        mergeSort(scratch, order, 0, count);
    }

    /** Sorts {@code to[from, until)}, with {@code from} holding the same values as scratch. */
    private void mergeSort(int[] scratch, int[] to, int from, int until) {
        if (until - from <= INSERTION_SORT) {
            for (int i = from + 1; i < until; i++) {
                int row = to[i];
                int j = i;
                while (j > from && compare(to[j - 1], row) > 0) {
                    to[j] = to[j - 1];
                    j--;
                }
                to[j] = row;
            }
            return;
        }
        int middle = (from + until) >>> 1;
        mergeSort(to, scratch, from, middle);
        mergeSort(to, scratch, middle, until);
        if (compare(scratch[middle - 1], scratch[middle]) <= 0) {
            System.arraycopy(scratch, from, to, from, until - from);
            return;
        }
        int i = from;
        int j = middle;
        for (int k = from; k < until; k++) {
            if (j >= until || i < middle && compare(scratch[i], scratch[j]) <= 0) {
                to[k] = scratch[i++];
            } else {
                to[k] = scratch[j++];
            }
        }
    }

    /** Compares the IDs of two rows, reading no more of them than their IDs. */
    private int compare(int a, int b) {
        byte[] bytes = data.bytes();
        int aLength = (int) VarLong.at(bytes, starts[a]);
        int aFrom = starts[a] + VarLong.size(aLength);
        int bLength = (int) VarLong.at(bytes, starts[b]);
        int bFrom = starts[b] + VarLong.size(bLength);
        return Arrays.compareUnsigned(bytes, aFrom, aFrom + aLength, bytes, bFrom, bFrom + bLength);
    }

    /** Points {@code record} at the {@code index}-th row in ID order. */
    void decode(int index, SortRecord record) {
        record.decode(data.bytes(), starts[order[index]]);
    }

    int size() {
        return count;
    }

    /** Writes the last row of each ID, in ID order: what a run file holds. */
    void writeLastOfEachId(RunWriter out) throws IOException {
        SortRecord current = new SortRecord();
        SortRecord next = new SortRecord();
        for (int i = 0; i < count; i++) {
            decode(i, current);
            if (i + 1 < count) {
                decode(i + 1, next);
                if (next.sameId(current)) {
                    continue;
                }
            }
            out.write(current);
        }
    }

    void clear() {
        data.reset();
        count = 0;
        order = null;
    }
}
