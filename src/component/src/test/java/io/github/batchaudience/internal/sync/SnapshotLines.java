package io.github.batchaudience.internal.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.github.batchaudience.internal.support.ByteSink;

/** Snapshot lines as text, for tests: the record written for one, and the next one read. */
final class SnapshotLines {
    private SnapshotLines() {
    }

    /** A member as the sort hands it to a snapshot writer. */
    static SortRecord member(String id, String members) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        byte[] json = members.getBytes(StandardCharsets.UTF_8);
        ByteSink out = new ByteSink(64);
        SortRecord.encode(out, idBytes, 0, idBytes.length, true, 1, json, 0, json.length);
        SortRecord record = new SortRecord();
        record.decode(out.toByteArray(), 0);
        return record;
    }

    /** The snapshot's next line {@code id TAB members}, or null at its end. */
    static String nextLine(SnapshotStore.Snapshot snapshot) throws IOException {
        return snapshot.next() ? new String(snapshot.line(), 0, snapshot.lineLength(), StandardCharsets.UTF_8) : null;
    }
}
