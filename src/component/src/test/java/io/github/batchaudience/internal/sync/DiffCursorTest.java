package io.github.batchaudience.internal.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.batchaudience.internal.batching.Element;
import io.github.batchaudience.internal.batching.TestRows;
import io.github.batchaudience.model.Action;
import io.github.batchaudience.model.IdType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link DiffCursor} classifies each ID of the desired members (from a real
 * {@link SortedMembers}) against the last snapshot (written, committed and opened through a
 * {@link SnapshotStore} on files): new, changed, unchanged, departed (sent as a remove of the ID
 * alone), in ID order, and with either side empty or no snapshot at all.
 */
class DiffCursorTest {
    private static final String AUDIENCE = "vip";

    @TempDir
    Path state;
    @TempDir
    Path scratch;

    private SnapshotStore store;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void createStore() {
        store = new SnapshotStore(new FileSnapshotRepository(state), "https://api.example.test", "app-key");
    }

    @AfterEach
    void closeInputs() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void withoutASnapshotEveryDesiredMemberIsNew() throws IOException {
        assertThat(diff(desired("b {b}", "a {a}"), null)).containsExactly("NEW a {a}", "NEW b {b}");
    }

    @Test
    void eachIdIsClassifiedAgainstTheSnapshotInIdOrder() throws IOException {
        SnapshotStore.Snapshot before = snapshot("a {a}", "b {b}", "d {d}", "f {f}");
        MemberReader now = desired("e {e}", "b {b:2}", "a {a}", "c {c}", "-f");

        assertThat(diff(now, before)).containsExactly(
                "UNCHANGED a {a}", "CHANGED b {b:2}", "NEW c {c}", "DEPARTED d", "NEW e {e}",
                "DEPARTED f");
    }

    @Test
    void membersThatDifferByOneByteAreChanged() throws IOException {
        SnapshotStore.Snapshot before = snapshot("a \"n\":1", "b \"n\":10", "c \"n\":1");

        assertThat(diff(desired("a \"n\":10", "b \"n\":1", "c \"n\":2"), before))
                .containsExactly("CHANGED a \"n\":10", "CHANGED b \"n\":1", "CHANGED c \"n\":2");
    }

    @Test
    void theDifferenceNotedIsReadBackAsAddsThenRemovesOfTheIdAloneAsJson() throws IOException {
        DiffCursor diff = new DiffCursor(desired("new {n}"), snapshot("say \"hi\"\\ {x}"));
        try (Difference difference = new Difference(scratch)) {
            while (diff.advance()) {
                diff.noteTo(difference);
            }
            difference.finish();

            try (Difference.Reader adds = difference.read(true)) {
                Element add = adds.next();
                assertThat(add.action()).isEqualTo(Action.ADD);
                assertThat(add.id() + " " + text(add.members())).isEqualTo("new {n}");
                assertThat(adds.next()).isNull();
            }
            try (Difference.Reader removes = difference.read(false)) {
                Element remove = removes.next();
                assertThat(remove.action()).isEqualTo(Action.REMOVE);
                assertThat(remove.id()).isEqualTo("say \"hi\"\\");
                assertThat(text(remove.members())).isEqualTo("\"id\":\"say \\\"hi\\\"\\\\\"");
                assertThat(removes.next()).isNull();
            }
        }
    }

    @Test
    void anEmptyDesiredInputDepartsEveryIdOfTheSnapshot() throws IOException {
        assertThat(diff(desired(), snapshot("a {a}", "b {b}")))
                .containsExactly("DEPARTED a", "DEPARTED b");
    }

    @Test
    void anEmptySnapshotMakesEveryDesiredMemberNew() throws IOException {
        assertThat(diff(desired("a {a}"), snapshot())).containsExactly("NEW a {a}");
    }

    @Test
    void nothingOnEitherSideGivesNothing() throws IOException {
        assertThat(diff(desired(), null)).isEmpty();
        assertThat(diff(desired(), snapshot())).isEmpty();
    }

    /** Every step as {@code KIND id members}; the cursor must stay at its end once there. */
    private static List<String> diff(MemberReader desired, SnapshotStore.Snapshot snapshot)
            throws IOException {
        DiffCursor diff = new DiffCursor(desired, snapshot);
        List<String> steps = new ArrayList<>();
        while (diff.advance()) {
            if (diff.kind == DiffCursor.Kind.DEPARTED) {
                steps.add(diff.kind + " " + diff.id());
            } else {
                SortRecord member = diff.member();
                steps.add(diff.kind + " " + diff.id() + " " + new String(
                        member.data, member.membersOffset, member.membersLength, StandardCharsets.UTF_8));
            }
        }
        assertThat(diff.advance()).isFalse();
        if (snapshot != null) {
            assertThat(snapshot.problem()).isNull();
        }
        return steps;
    }

    /** The desired members from rows {@code id members}, or {@code -id} for a remove, in input order. */
    private MemberReader desired(String... rows) throws IOException {
        SortedMembers members = new SortedMembers(scratch, 1 << 20);
        open.add(members);
        long line = 1;
        for (String row : rows) {
            if (row.startsWith("-")) {
                TestRows.accept(members, row.substring(1), Action.REMOVE, line++, new byte[0], 0, 0);
            } else {
                byte[] json = row.substring(row.indexOf(' ') + 1).getBytes(StandardCharsets.UTF_8);
                TestRows.accept(members, row.substring(0, row.indexOf(' ')), Action.ADD, line++, json, 0, json.length);
            }
        }
        members.sort();
        MemberReader reader = members.members();
        open.add(reader);
        return reader;
    }

    /** The audience's snapshot, committed from lines {@code id members} given in ID order, then opened. */
    private SnapshotStore.Snapshot snapshot(String... lines) throws IOException {
        try (SnapshotStore.SnapshotWriter writer = store.create(AUDIENCE, IdType.custom_ids)) {
            for (String line : lines) {
                int space = line.lastIndexOf(' ');
                writer.write(SnapshotLines.member(line.substring(0, space), line.substring(space + 1)));
            }
            writer.prepare();
            writer.commit();
        }
        SnapshotStore.Snapshot snapshot = store.open(AUDIENCE);
        open.add(snapshot);
        return snapshot;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
