package io.github.batchaudience.internal.batching;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.github.batchaudience.model.Action;
import io.github.batchaudience.model.RejectedRow;

/**
 * What one exchange's write did so far, updated from the reading thread and the sending threads.
 * Rejected rows are all counted; the first {@code maxRejectedKept} are listed.
 */
public final class WriteTally {
    private final int maxRejectedKept;
    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong added = new AtomicLong();
    private final AtomicLong removed = new AtomicLong();
    private final AtomicLong writeRequests = new AtomicLong();
    private final List<RejectedRow> rejectedRows = new ArrayList<>();
    private final List<String> tokens = new ArrayList<>();

    public WriteTally(int maxRejectedKept) {
        this.maxRejectedKept = maxRejectedKept;
    }

    void rowRead() {
        rowsRead.incrementAndGet();
    }

    void rejected(RejectedRow row) {
        rejected.incrementAndGet();
        synchronized (rejectedRows) {
            if (rejectedRows.size() < maxRejectedKept) {
                rejectedRows.add(row);
            }
        }
    }

    void duplicatesDropped(long n) {
        duplicates.addAndGet(n);
    }

    /** A write request that the API accepted (or, in a dry run, would have been sent), with its elements. */
    void accepted(List<Element> elements, String token) {
        writeRequests.incrementAndGet();
        long adds = 0;
        for (Element e : elements) {
            if (e.action == Action.ADD) {
                adds++;
            }
        }
        added.addAndGet(adds);
        removed.addAndGet(elements.size() - adds);
        if (token != null) {
            synchronized (tokens) {
                tokens.add(token);
            }
        }
    }

    /** In a dry run of sync: the adds and removes that would have been sent. */
    public void plannedCount(long adds, long removes) {
        added.addAndGet(adds);
        removed.addAndGet(removes);
    }

    public long rowsRead() {
        return rowsRead.get();
    }

    public long rejected() {
        return rejected.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long added() {
        return added.get();
    }

    public long removed() {
        return removed.get();
    }

    public long idsSent() {
        return added.get() + removed.get();
    }

    /** Write requests accepted by the API (or planned, in a dry run). */
    public long writeRequests() {
        return writeRequests.get();
    }

    public List<RejectedRow> rejectedRows() {
        synchronized (rejectedRows) {
            List<RejectedRow> copy = new ArrayList<>(rejectedRows);
            copy.sort((a, b) -> Long.compare(a.getLine(), b.getLine()));
            return Collections.unmodifiableList(copy);
        }
    }

    public List<String> tokens() {
        synchronized (tokens) {
            return List.copyOf(tokens);
        }
    }
}
