package io.github.batchaudience.internal.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.github.batchaudience.internal.batching.Element;
import io.github.batchaudience.model.Action;

/**
 * Walks the desired members and the last snapshot side by side, both sorted by ID, and
 * classifies each ID. Without a snapshot every desired member is new.
 */
final class DiffCursor {
    enum Kind { NEW, CHANGED, UNCHANGED, DEPARTED }

    private final SortedMembers.MemberReader desired;
    private final SnapshotStore.Snapshot snapshot;
    private Element nextDesired;
    private String nextSnapshotLine;

    Kind kind;
    /** The desired member (NEW, CHANGED, UNCHANGED) or a remove of the departed ID (DEPARTED). */
    Element element;

    DiffCursor(SortedMembers.MemberReader desired, SnapshotStore.Snapshot snapshot) throws IOException {
        this.desired = desired;
        this.snapshot = snapshot;
        this.nextDesired = desired.next();
        this.nextSnapshotLine = snapshot == null ? null : snapshot.nextLine();
    }

    /** Moves to the next ID; false at the end of both lists. */
    boolean advance() throws IOException {
        if (nextDesired == null && nextSnapshotLine == null) {
            return false;
        }
        String snapshotId = nextSnapshotLine == null ? null
                : nextSnapshotLine.substring(0, nextSnapshotLine.indexOf('\t'));
        int order = nextDesired == null ? 1 : snapshotId == null ? -1 : nextDesired.id().compareTo(snapshotId);
        if (order < 0) {
            kind = Kind.NEW;
            element = nextDesired;
            nextDesired = desired.next();
        } else if (order > 0) {
            kind = Kind.DEPARTED;
            element = Element.of(snapshotId, Action.REMOVE, 0, idOnly(snapshotId));
            nextSnapshotLine = snapshot.nextLine();
        } else {
            byte[] before = nextSnapshotLine.substring(snapshotId.length() + 1).getBytes(StandardCharsets.UTF_8);
            kind = Arrays.equals(before, nextDesired.members()) ? Kind.UNCHANGED : Kind.CHANGED;
            element = nextDesired;
            nextDesired = desired.next();
            nextSnapshotLine = snapshot.nextLine();
        }
        return true;
    }

    /** The members of a remove: the ID alone. */
    private static byte[] idOnly(String id) {
        StringBuilder sb = new StringBuilder("\"id\":\"");
        JsonStringEncoder.getInstance().quoteAsString(id, sb);
        return sb.append('"').toString().getBytes(StandardCharsets.UTF_8);
    }
}
