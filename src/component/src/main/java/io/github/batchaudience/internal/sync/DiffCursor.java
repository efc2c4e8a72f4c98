package io.github.batchaudience.internal.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Walks the desired members and the last snapshot side by side, both sorted by the UTF-8 bytes
 * of their IDs, and classifies each ID, comparing bytes: no ID or members is decoded unless asked
 * for. Without a snapshot every desired member is new.
 */
final class DiffCursor {
    enum Kind { NEW, CHANGED, UNCHANGED, DEPARTED }

    private final MemberReader desired;
    private final SnapshotStore.Snapshot snapshot;
    private boolean hasDesired;
    private boolean hasSnapshot;
    private boolean departed;

    Kind kind;

    DiffCursor(MemberReader desired, SnapshotStore.Snapshot snapshot) throws IOException {
        this.desired = desired;
        this.snapshot = snapshot;
        this.hasDesired = desired.advance();
        this.hasSnapshot = snapshot != null && snapshot.next();
    }

    /** Moves to the next ID; false at the end of both lists. */
    boolean advance() throws IOException {
        if (departed) {
            hasSnapshot = snapshot.next();
        } else if (kind != null) {
            if (kind != Kind.NEW) {
                hasSnapshot = snapshot.next();
            }
            hasDesired = desired.advance();
        }
        if (!hasDesired && !hasSnapshot) {
            kind = null;
            departed = false;
            return false;
        }
        SortRecord member = desired.member();
        byte[] line = hasSnapshot ? snapshot.line() : null;
        int idLength = hasSnapshot ? snapshot.idLength() : 0;
        int order = !hasDesired ? 1 : !hasSnapshot ? -1
                : Arrays.compareUnsigned(member.data, member.idOffset, member.idOffset + member.idLength,
                                         line, 0, idLength);
        departed = order > 0;
        if (order < 0) {
            kind = Kind.NEW;
        } else if (order > 0) {
            kind = Kind.DEPARTED;
        } else {
            boolean same = Arrays.equals(member.data, member.membersOffset, member.membersOffset + member.membersLength,
                                         line, idLength + 1, snapshot.lineLength());
            kind = same ? Kind.UNCHANGED : Kind.CHANGED;
        }
        return true;
    }

    /** The current ID. */
    String id() {
        if (departed) {
            return snapshot.id();
        }
        SortRecord member = desired.member();
        return new String(member.data, member.idOffset, member.idLength, StandardCharsets.UTF_8);
    }

    /** Notes what is to be sent for the current ID: the member when new or changed, the ID when departed. */
    void noteTo(Difference difference) throws IOException {
        if (kind == Kind.NEW || kind == Kind.CHANGED) {
            difference.add(desired.member());
        } else if (kind == Kind.DEPARTED) {
            difference.depart(snapshot.line(), snapshot.idLength());
        }
    }

    /** The current desired member, valid until the next {@link #advance()}; not for DEPARTED. */
    SortRecord member() {
        return desired.member();
    }
}
