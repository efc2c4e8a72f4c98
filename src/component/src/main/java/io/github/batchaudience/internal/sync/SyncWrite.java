package io.github.batchaudience.internal.sync;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import io.github.batchaudience.SnapshotRepository;
import io.github.batchaudience.SyncMode;
import io.github.batchaudience.internal.batching.BatchWrite;
import io.github.batchaudience.internal.batching.ChunkSender;
import io.github.batchaudience.internal.batching.ElementStream;
import io.github.batchaudience.internal.batching.IndexingAwaiter;
import io.github.batchaudience.internal.batching.InvalidRowException;
import io.github.batchaudience.internal.batching.RequestShape;
import io.github.batchaudience.internal.batching.WriteTally;
import io.github.batchaudience.internal.batching.WriteTarget;
import io.github.batchaudience.internal.batching.WriteAbortedException;
import io.github.batchaudience.internal.client.ApiException;
import io.github.batchaudience.internal.input.OperationSource;
import io.github.batchaudience.model.IdType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an audience match a complete list and sends only what changed since the last sync:
 * new and changed members as adds, then departed ones as removes. With no snapshot, or when the
 * audience's size disagrees with it (someone else changed it), or when it is damaged, it replaces
 * instead. The removal guard is checked, and the new snapshot written to disk, before anything
 * is sent; the snapshot is replaced only after every request succeeded and none was refused.
 * The sorted input and the snapshot are walked side by side once: that pass counts, writes the
 * new snapshot and notes the difference, which is then sent from its scratch files.
 */
public final class SyncWrite {
    private static final Logger LOG = LoggerFactory.getLogger(SyncWrite.class);

    private final BatchWrite write;
    private final SnapshotStore store;
    private final SyncSettings settings;

    public SyncWrite(BatchWrite write, SnapshotStore store, SyncSettings settings) {
        this.write = write;
        this.store = store;
        this.settings = settings;
    }

    /** @param replaceAsked replace whatever the snapshot says (asked for by the message) */
    public SyncOutcome sync(OperationSource source, WriteTarget target, boolean replaceAsked,
                            ChunkSender put, ChunkSender patch,
                            IndexingAwaiter awaiter, AudienceControl control)
            throws IOException, InterruptedException, InvalidRowException, WriteAbortedException, TimeoutException,
            SyncRefusedException {
        WriteTally tally = write.newTally();
        try (SortedMembers desired = sortedInput(source, target, tally)) {
            return sync(desired, target, replaceAsked, put, patch, awaiter, control, tally);
        }
    }

    /**
     * Reads, checks and sorts the input: what the audience must hold, on disk. A sync to several
     * apps reads it once and syncs each app from it; the caller closes it.
     */
    public SortedMembers sortedInput(OperationSource source, WriteTarget target, WriteTally input)
            throws IOException, InterruptedException, InvalidRowException {
        SortedMembers desired = new SortedMembers(settings.scratchDirectory(), settings.sortMemoryBudget());
        try {
            write.ingest(source, target, desired, input);
            desired.sort();
            return desired;
        } catch (IOException | InterruptedException | InvalidRowException | RuntimeException e) {
            desired.close();
            throw e;
        }
    }

    /** Makes the audience of this store's account hold what is sorted, counting in {@code tally}. */
    public SyncOutcome sync(SortedMembers desired, WriteTarget target, boolean replaceAsked, ChunkSender put,
                            ChunkSender patch, IndexingAwaiter awaiter, AudienceControl control, WriteTally tally)
            throws IOException, InterruptedException, WriteAbortedException, TimeoutException, SyncRefusedException {
        SyncOutcome outcome = new SyncOutcome(tally, settings.sampleSize());
        String audience = target.audience();
        // From here to the new snapshot's commit, no other sync of the audience may run, in this
        // instance or another sharing the repository: it would diff against a snapshot about to be
        // replaced. The input is read and sorted first, to hold the lock no longer than needed.
        SnapshotRepository.Lock held = store.lock(audience);
        SyncOutcome done;
        try {
            done = syncSorted(desired, target, replaceAsked, put, patch, awaiter, control, outcome);
        } catch (Exception | Error e) {
            unlockAfterFailure(held, e);
            throw e;
        }
        unlockAfterSuccess(held, audience);
        return done;
    }

    private static void unlockAfterFailure(SnapshotRepository.Lock held, Throwable failure) {
        try {
            held.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * The sync is applied and its snapshot committed: a lock that cannot be released (its database
     * connection died) is no reason to send it again. The repository's lock goes with its session.
     */
    private static void unlockAfterSuccess(SnapshotRepository.Lock held, String audience) {
        try {
            held.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("sync of {}: applied and its snapshot committed, but its lock was not released cleanly ({});"
                     + " nothing is sent again", audience, e.getMessage());
        }
    }

    private SyncOutcome syncSorted(SortedMembers desired, WriteTarget target, boolean replaceAsked,
                                   ChunkSender put, ChunkSender patch, IndexingAwaiter awaiter,
                                   AudienceControl control, SyncOutcome outcome)
            throws IOException, InterruptedException, WriteAbortedException, TimeoutException, SyncRefusedException {
        String audience = target.audience();
        IdType idType = target.idType();
        long current;
        try {
            current = control.settledSize();
        } catch (ApiException e) {
            throw new WriteAbortedException(e);
        }
        // Asked before a new snapshot is begun: that one is not the trace of an interrupted sync.
        boolean interrupted = store.wasInterrupted(audience);
        long refusedBefore = outcome.tally().rejected();
        try (SnapshotStore.SnapshotWriter next = settings.dryRun() ? null : store.create(audience, idType);
             Difference difference = new Difference(settings.scratchDirectory())) {
            long snapshotCount = plan(desired, idType, audience, replaceAsked, current, interrupted, outcome,
                                      next, difference);
            difference.finish();
            long base = outcome.reason == null ? snapshotCount : current;
            long removals = outcome.reason == null ? outcome.removed
                    : Math.max(0, current - outcome.added - outcome.changed - outcome.unchanged);
            outcome.removed = removals;
            if (base > 0 && removals * 100.0 / base > settings.maxRemovalPercent()) {
                throw new SyncRefusedException(
                        "sync of " + audience + " would remove " + removals + " of its " + base + " IDs ("
                        + String.format("%.1f", removals * 100.0 / base) + "%), more than maxRemovalPercent="
                        + settings.maxRemovalPercent() + "; nothing was sent. An empty or truncated export? Raise"
                        + " maxRemovalPercent if this is intended.");
            }
            if (next == null) {
                outcome.tally().plannedCount(outcome.added + outcome.changed, outcome.removed);
                return outcome;
            }
            // What the audience will hold, on disk before any request: a full disk or a
            // folder that cannot be written fails the sync here, with nothing sent.
            next.prepare();
            if (outcome.reason == null) {
                sendDifference(difference, target, patch, outcome);
            } else {
                sendEverything(desired, target, put, patch, awaiter, control, current, outcome);
            }
            if (outcome.tally().rejected() == refusedBefore) {
                next.commit();
                outcome.snapshotSaved = true;
            }
        }
        return outcome;
    }

    /**
     * A first pass that counts what is new, changed, unchanged and departed, and on the way writes
     * the new snapshot ({@code next}, null in a dry run) and notes the difference. Decides the mode
     * and returns the snapshot's count (0 when there is none). The snapshot is checked whole on the
     * way (its trailer's count and checksum): one that is not is never used.
     */
    private long plan(SortedMembers desired, IdType idType, String audience, boolean replaceAsked, long current,
                      boolean interrupted, SyncOutcome outcome, SnapshotStore.SnapshotWriter next,
                      Difference difference)
            throws IOException {
        try (SnapshotStore.Snapshot snapshot = store.open(audience)) {
            long age = snapshot == null ? 0 : System.currentTimeMillis() - snapshot.lastModified;
            String unusable = replaceAsked ? "a replace was asked for"
                    : snapshot == null ? "no snapshot of a previous sync"
                    : snapshot.problem() != null ? damaged(snapshot)
                    : snapshot.idType != idType ? "the last sync's snapshot is of " + snapshot.idType + " IDs"
                    : settings.maxSnapshotAge() > 0 && age > settings.maxSnapshotAge()
                            ? "its snapshot is " + Duration.ofMillis(age).toMinutes() + " minutes old, more than"
                              + " maxSnapshotAge (" + Duration.ofMillis(settings.maxSnapshotAge()).toMinutes() + " minutes)"
                    : null;
            SnapshotStore.SnapshotWriter toWrite = next;
            if (unusable == null) {
                count(desired, snapshot, outcome, next, difference);
                if (!snapshot.isVerified()) {
                    unusable = damaged(snapshot);
                } else if (snapshot.count() != current) {
                    unusable = "the audience has " + current + " IDs but the last sync left " + snapshot.count()
                               + (interrupted ? ": the last sync of it was interrupted before it completed"
                                       : ": it was changed elsewhere, or the last sync of it failed after sending"
                                         + " part of its difference");
                } else {
                    return snapshot.count();
                }
                outcome.resetCounts();
                toWrite = null;
            }
            if (snapshot != null && snapshot.problem() != null) {
                LOG.warn("sync of {}: {}; the audience is replaced instead of sent the difference", audience, unusable);
            }
            outcome.reason = unusable;
            outcome.mode = SyncMode.replace;
            count(desired, null, outcome, toWrite, null);
            return 0;
        }
    }

    /**
     * Counts what is new, changed, unchanged and departed against the snapshot (none: all new),
     * writing each member to the new snapshot and the difference to {@code difference}, when given.
     */
    private static void count(SortedMembers desired, SnapshotStore.Snapshot snapshot, SyncOutcome outcome,
                              SnapshotStore.SnapshotWriter next, Difference difference)
            throws IOException {
        try (MemberReader members = desired.members()) {
            DiffCursor diff = new DiffCursor(members, snapshot);
            while (diff.advance()) {
                outcome.count(diff.kind, diff::id);
                if (next != null && diff.kind != DiffCursor.Kind.DEPARTED) {
                    next.write(diff.member());
                }
                if (difference != null) {
                    diff.noteTo(difference);
                }
            }
        }
    }

    private static String damaged(SnapshotStore.Snapshot snapshot) {
        return "its snapshot " + snapshot.location + " is damaged (" + snapshot.problem() + ")";
    }

    private void sendDifference(Difference difference, WriteTarget target, ChunkSender patch, SyncOutcome outcome)
            throws IOException, InterruptedException, WriteAbortedException {
        RequestShape shape = target.updateShape();
        for (boolean adds : new boolean[] { true, false }) {
            try (Difference.Reader elements = difference.read(adds)) {
                write.sendAll(elements, shape, patch, outcome.tally());
            }
        }
    }

    private void sendEverything(SortedMembers desired, WriteTarget target, ChunkSender put, ChunkSender patch,
                                IndexingAwaiter awaiter, AudienceControl control, long current, SyncOutcome outcome)
            throws IOException, InterruptedException, WriteAbortedException, TimeoutException {
        try (MemberReader members = desired.members()) {
            ElementStream stream = members;
            try {
                if (!target.dialect().canReplace()) {
                    if (current > 0) {
                        control.recreate();
                    }
                    write.sendAll(stream, target.updateShape(), patch, outcome.tally());
                } else if (!write.replaceWith(stream, target, put, patch, awaiter, outcome.tally())) {
                    awaiter.awaitSettled(put.send(target.replaceShape().body(List.of())));
                }
            } catch (ApiException e) {
                throw new WriteAbortedException(e);
            }
        }
    }
}
