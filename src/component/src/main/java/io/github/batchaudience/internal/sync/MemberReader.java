package io.github.batchaudience.internal.sync;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.github.batchaudience.internal.batching.Element;
import io.github.batchaudience.internal.batching.ElementStream;
import io.github.batchaudience.model.Action;

/**
 * Reads sorted records and yields the winning row of each ID, skipping removed IDs: the last of
 * the rows of an ID (sorted runs, and their merge, keep them in input order).
 */
final class MemberReader implements ElementStream, Closeable {
    /** Where the sorted records come from: the run in memory, or the merged file. */
    @FunctionalInterface
    interface Source {
        boolean next(SortRecord into) throws IOException;
    }

    private final Source source;
    private final Closeable closer;
    private final boolean membersOnly;
    private SortRecord current = new SortRecord();
    private SortRecord pending = new SortRecord();
    private boolean hasPending;

    /**
     * @param membersOnly skip the IDs whose last row is a remove; else yield them too (a merge of
     *                    some runs keeps them, to hide the rows of earlier runs from the next)
     */
    MemberReader(Source source, Closeable closer, boolean membersOnly) throws IOException {
        this.source = source;
        this.closer = closer;
        this.membersOnly = membersOnly;
        this.hasPending = source.next(pending);
    }

    /** Moves to the next member; false at the end. Then {@link #member()} is it. */
    boolean advance() throws IOException {
        while (hasPending) {
            SortRecord last = pending;
            pending = current;
            current = last;
            while ((hasPending = source.next(pending)) && pending.sameId(current)) {
                last = pending;
                pending = current;
                current = last;
            }
            if (current.add || !membersOnly) {
                return true;
            }
        }
        return false;
    }

    /** The current member, valid until the next {@link #advance()}. */
    SortRecord member() {
        return current;
    }

    /** The current member as an element to send, its own copy. */
    Element element() {
        SortRecord m = current;
        String id = new String(m.data, m.idOffset, m.idLength, StandardCharsets.UTF_8);
        byte[] members = Arrays.copyOfRange(m.data, m.membersOffset, m.membersOffset + m.membersLength);
        return Element.of(id, Action.ADD, m.line, members);
    }

    @Override
    public Element next() throws IOException {
        return advance() ? element() : null;
    }

    @Override
    public void close() throws IOException {
        closer.close();
    }
}
