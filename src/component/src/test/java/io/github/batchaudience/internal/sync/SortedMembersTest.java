package io.github.batchaudience.internal.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.github.batchaudience.internal.batching.Element;
import io.github.batchaudience.internal.batching.TestRows;
import io.github.batchaudience.model.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desired audience of a sync as {@link SortedMembers} gives it back: sorted by the UTF-8 bytes
 * of IDs whatever the input order, each ID once with its last row, an ID last removed left out;
 * the same result when a tiny memory budget makes the sort spill many runs to disk, even more than
 * one merge reads at once; no file left after close.
 */
class SortedMembersTest {
    private static final long IN_MEMORY = 64L << 20;
    // Runs of about a dozen rows: a few hundred rows spill tens of runs, merged back.
    private static final long TINY = 1024;

    @TempDir
    Path scratch;

    @Test
    void membersComeOutSortedByIdAndOnceWhateverTheInputOrder() throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add("id-" + i);
            ids.add("id-" + i);
        }
        Collections.shuffle(ids, new Random(7));
        List<Row> rows = new ArrayList<>();
        for (String id : ids) {
            rows.add(add(id, rows.size() + 1, "\"id\":\"" + id + "\""));
        }

        List<String> read = sortedWith(IN_MEMORY, rows).stream()
                .map(member -> member.substring(0, member.indexOf(' '))).toList();
        assertThat(read).hasSize(300).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void theRowOfTheLastLineOfAnIdWinsEvenWhenLineNumbersDifferInLength() throws IOException {
        List<Row> rows = List.of(add("a", 10, "\"v\":10"), add("b", 2, "\"v\":2"), add("a", 9, "\"v\":9"),
                                 add("a", 100, "\"v\":100"), add("b", 11, "\"v\":11"));

        assertThat(sortedWith(IN_MEMORY, rows)).containsExactly("a 100 \"v\":100", "b 11 \"v\":11");
    }

    @Test
    void anIdWhoseLastRowIsARemoveIsNotAMember() throws IOException {
        List<Row> rows = List.of(add("gone", 1, "\"id\":\"gone\""), remove("gone", 2), remove("back", 3),
                                 add("back", 4, "\"id\":\"back\""), remove("never", 5));

        assertThat(sortedWith(IN_MEMORY, rows)).containsExactly("back 4 \"id\":\"back\"");
    }

    @Test
    void anIdSortsBeforeTheLongerIdsItBegins() throws IOException {
        List<Row> rows = List.of(add("ab", 1, "1"), add("a!", 2, "2"), add("a", 3, "3"), add("a b", 4, "4"),
                                 add("a", 5, "5"));

        assertThat(sortedWith(IN_MEMORY, rows)).containsExactly("a 5 5", "a b 4 4", "a! 2 2", "ab 1 1");
    }

    @Test
    void onlyTheLentSliceOfTheMembersIsKeptAndTextOutsideAsciiSurvives() throws IOException {
        byte[] lent = "xx\"name\":\"Zoë 名前\"yy".getBytes(StandardCharsets.UTF_8);
        try (SortedMembers members = new SortedMembers(scratch, IN_MEMORY)) {
            TestRows.accept(members, "é-1", Action.ADD, 1, lent, 2, lent.length - 4);
            members.sort();

            assertThat(read(members)).containsExactly("é-1 1 \"name\":\"Zoë 名前\"");
        }
    }

    @Test
    void spillingPastATinyBudgetGivesWhatSortingInMemoryGives() throws IOException {
        List<Row> rows = randomRows(400);
        Map<String, String> expected = new TreeMap<>();
        for (Row row : rows) {
            if (row.action == Action.ADD) {
                expected.put(row.id, row.id + " " + row.line + " " + row.members);
            } else {
                expected.remove(row.id);
            }
        }

        List<String> inMemory = sortedWith(IN_MEMORY, rows);
        List<String> spilled = sortedWith(TINY, rows);

        assertThat(inMemory).containsExactlyElementsOf(expected.values());
        assertThat(spilled).isEqualTo(inMemory);
    }

    @Test
    void moreRunsThanOneMergeReadsAreMergedFirstToTheSameResult() throws IOException {
        List<Row> rows = randomRows(4_000);
        try (SortedMembers members = new SortedMembers(scratch, TINY)) {
            fill(members, rows);
            assertThat(files()).as("runs spilled").hasSizeGreaterThan(SortedMembers.MAX_FAN_IN);
            members.sort();

            assertThat(read(members)).isEqualTo(sortedWith(IN_MEMORY, rows));
        }
    }

    @Test
    void theLastActionOfAnIdWinsAcrossRuns() throws IOException {
        List<Row> rows = new ArrayList<>();
        // A remove long after an add, an add long after a remove: in other runs of a tiny budget.
        rows.add(add("stays", 1, "\"v\":1"));
        rows.add(add("leaves", 2, "\"v\":2"));
        rows.add(remove("returns", 3));
        for (int line = 4; line < 200; line++) {
            rows.add(add("filler-" + line, line, "\"v\":" + line));
        }
        rows.add(remove("leaves", 200));
        rows.add(add("returns", 201, "\"v\":201"));
        rows.add(add("stays", 202, "\"v\":202"));

        List<String> spilled = sortedWith(TINY, rows);

        assertThat(spilled).contains("stays 202 \"v\":202", "returns 201 \"v\":201")
                .noneMatch(member -> member.startsWith("leaves ")).hasSize(198);
        assertThat(spilled).isEqualTo(sortedWith(IN_MEMORY, rows));
    }

    @Test
    void idsAreOrderedByTheirUtf8Bytes() throws IOException {
        // U+E000 is above the UTF-16 surrogates of U+1F600, below its UTF-8 lead byte.
        List<Row> rows = List.of(add("\uD83D\uDE00", 1, "1"), add("\uE000", 2, "2"), add("z", 3, "3"));

        assertThat(sortedWith(TINY, rows)).containsExactly("z 3 3", "\uE000 2 2", "\uD83D\uDE00 1 1");
        assertThat(sortedWith(IN_MEMORY, rows)).containsExactly("z 3 3", "\uE000 2 2", "\uD83D\uDE00 1 1");
    }

    @Test
    void theMembersCanBeReadAgain() throws IOException {
        try (SortedMembers members = new SortedMembers(scratch, TINY)) {
            fill(members, randomRows(50));
            members.sort();

            List<String> first = read(members);
            assertThat(first).isNotEmpty();
            assertThat(read(members)).isEqualTo(first);
        }
    }

    @Test
    void noInputHasNoMember() throws IOException {
        try (SortedMembers members = new SortedMembers(scratch, TINY)) {
            members.sort();

            assertThat(read(members)).isEmpty();
        }
    }

    @Test
    void everyTemporaryFileIsDeletedOnClose() throws IOException {
        try (SortedMembers members = new SortedMembers(scratch, TINY)) {
            fill(members, randomRows(200));
            members.sort();
            read(members);
            assertThat(files()).isNotEmpty();
        }

        assertThat(files()).isEmpty();
    }

    @Test
    void closingBeforeSortingLeavesNoFileEither() throws IOException {
        try (SortedMembers members = new SortedMembers(scratch, TINY)) {
            fill(members, List.of(add("a", 1, "1")));
        }

        assertThat(files()).isEmpty();
    }

    /** A row as the input pipeline hands it to the sort. */
    private record Row(String id, Action action, long line, String members) {
    }

    /** IDs drawn from a third as many, so that most come several times, a fifth of the rows removes. */
    private static List<Row> randomRows(int count) {
        Random random = new Random(42);
        List<Row> rows = new ArrayList<>();
        for (int line = 1; line <= count; line++) {
            String id = "member-" + random.nextInt(count / 3);
            Action action = random.nextInt(5) == 0 ? Action.REMOVE : Action.ADD;
            rows.add(new Row(id, action, line, "\"id\":\"" + id + "\",\"attributes\":{\"n\":" + line + "}"));
        }
        return rows;
    }

    private List<String> sortedWith(long budget, List<Row> rows) throws IOException {
        try (SortedMembers members = new SortedMembers(scratch, budget)) {
            fill(members, rows);
            members.sort();
            return read(members);
        }
    }

    private static void fill(SortedMembers members, List<Row> rows) throws IOException {
        for (Row row : rows) {
            byte[] bytes = utf8(row.members);
            TestRows.accept(members, row.id, row.action, row.line, bytes, 0, bytes.length);
        }
    }

    private static Row add(String id, long line, String json) {
        return new Row(id, Action.ADD, line, json);
    }

    private static Row remove(String id, long line) {
        return new Row(id, Action.REMOVE, line, "");
    }

    /** Each member as {@code id line members}. */
    private static List<String> read(SortedMembers members) throws IOException {
        List<String> read = new ArrayList<>();
        try (MemberReader reader = members.members()) {
            for (Element e = reader.next(); e != null; e = reader.next()) {
                assertThat(e.action()).isEqualTo(Action.ADD);
                read.add(e.id() + " " + e.line() + " " + new String(e.members(), StandardCharsets.UTF_8));
            }
        }
        return read;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(scratch)) {
            return files.toList();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
