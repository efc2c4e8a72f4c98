package io.github.batchaudience.internal.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.github.batchaudience.model.IdType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SnapshotStore} on a {@link FileSnapshotRepository}: a snapshot written, prepared and
 * committed reads back whole and verified; one never committed is never seen, and the one before
 * it stays; a damaged file (cut short, a byte altered, its count edited, out of order, an
 * unknown header) is reported with the reason and never read further.
 */
class SnapshotStoreTest {
    private static final String BASE_URL = "https://api.example.test";
    private static final String API_KEY = "secret-app-key";
    private static final String AUDIENCE = "vip";
    private static final List<String> LINES = List.of("a\t\"id\":\"a\"", "b\t\"id\":\"b\",\"attributes\":{\"n\":1}",
                                                      "c\t\"id\":\"c\"");

    @TempDir
    Path state;

    private FileSnapshotRepository repository;
    private SnapshotStore store;

    @BeforeEach
    void createStore() {
        repository = new FileSnapshotRepository(state);
        store = new SnapshotStore(repository, BASE_URL, API_KEY);
    }

    @Test
    void aCommittedSnapshotReadsBackWholeAndVerified() throws IOException {
        commit(IdType.install_ids, LINES);

        try (SnapshotStore.Snapshot snapshot = store.open(AUDIENCE)) {
            assertThat(snapshot.idType).isEqualTo(IdType.install_ids);
            assertThat(snapshot.location).isEqualTo(file().toString());
            assertThat(readAll(snapshot)).isEqualTo(LINES);
            assertThat(snapshot.problem()).isNull();
            assertThat(snapshot.isVerified()).isTrue();
            assertThat(snapshot.count()).isEqualTo(3);
            assertThat(SnapshotLines.nextLine(snapshot)).isNull();
        }
    }

    @Test
    void anEmptySnapshotIsVerifiedWithNoId() throws IOException {
        commit(IdType.custom_ids, List.of());

        try (SnapshotStore.Snapshot snapshot = store.open(AUDIENCE)) {
            assertThat(readAll(snapshot)).isEmpty();
            assertThat(snapshot.isVerified()).isTrue();
            assertThat(snapshot.count()).isZero();
        }
    }

    @Test
    void anAudienceNeverSnapshottedHasNone() throws IOException {
        assertThat(store.open(AUDIENCE)).isNull();
        assertThat(store.wasInterrupted(AUDIENCE)).isFalse();
    }

    @Test
    void aPreparedSnapshotIsInvisibleUntilCommittedAndGoneIfClosedBefore() throws IOException {
        try (SnapshotStore.SnapshotWriter writer = store.create(AUDIENCE, IdType.custom_ids)) {
            writer.write(SnapshotLines.member("a", "\"id\":\"a\""));
            writer.prepare();

            assertThat(store.open(AUDIENCE)).isNull();
            assertThat(store.wasInterrupted(AUDIENCE)).isTrue();
        }

        assertThat(store.open(AUDIENCE)).isNull();
        assertThat(store.wasInterrupted(AUDIENCE)).isFalse();
        try (Stream<Path> files = Files.list(state.resolve("snapshots"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theLastCommittedSnapshotStaysUntilTheNextIsCommitted() throws IOException {
        commit(IdType.custom_ids, LINES);
        try (SnapshotStore.SnapshotWriter writer = store.create(AUDIENCE, IdType.custom_ids)) {
            writer.write(SnapshotLines.member("z", "\"id\":\"z\""));
            writer.prepare();
        }
        assertThat(read()).isEqualTo(LINES);

        commit(IdType.custom_ids, List.of("z\t\"id\":\"z\""));
        assertThat(read()).containsExactly("z\t\"id\":\"z\"");
    }

    @Test
    void aSnapshotIsCommittedOnlyOncePrepared() throws IOException {
        try (SnapshotStore.SnapshotWriter writer = store.create(AUDIENCE, IdType.custom_ids)) {
            writer.write(SnapshotLines.member("a", "\"id\":\"a\""));

            assertThatThrownBy(writer::commit).isInstanceOf(IllegalStateException.class);
        }
        assertThat(store.open(AUDIENCE)).isNull();
    }

    @Test
    void eachBaseUrlKeyAndAudienceHasItsOwnSnapshotUnderAKeyThatHoldsNoSecret() throws IOException {
        commit(IdType.custom_ids, LINES);

        assertThat(store.keyOf(AUDIENCE)).startsWith(AUDIENCE + ".").doesNotContain(API_KEY);
        assertThat(store.open("other")).isNull();
        assertThat(new SnapshotStore(repository, BASE_URL, "another-key").open(AUDIENCE)).isNull();
        assertThat(new SnapshotStore(repository, "https://other.example.test", API_KEY).open(AUDIENCE)).isNull();
    }

    static Stream<Arguments> damages() {
        return Stream.of(
                damage("cut short before its trailer", text -> text.substring(0, text.indexOf("#end")),
                       "it ends at line 5 without its trailer"),
                damage("cut in the middle of an ID", text -> text.substring(0, text.indexOf("c\t") + 1),
                       "line 4 is not an ID and its members"),
                damage("an ID line dropped", text -> text.replace("b\t\"id\":\"b\",\"attributes\":{\"n\":1}\n", ""),
                       "its trailer (line 4) counts 3 IDs, 2 were read"),
                damage("its count edited", text -> text.replace("#end count=3", "#end count=4"),
                       "its trailer (line 5) counts 4 IDs, 3 were read"),
                damage("its count removed", text -> text.replace("#end count=3", "#end count="),
                       "counts nothing"),
                damage("a byte altered", text -> text.replace("\"n\":1", "\"n\":2"),
                       "its checksum does not match its content"),
                damage("a line dropped and the count edited to match",
                       text -> text.replace("c\t\"id\":\"c\"\n", "").replace("count=3", "count=2"),
                       "its checksum does not match its content"),
                damage("its checksum altered", text -> text.replace(" sha256=", " sha256=0"),
                       "its checksum does not match its content"),
                damage("lines after its trailer", text -> text + "d\t\"id\":\"d\"\n",
                       "it goes on after its trailer (line 5)"),
                damage("two lines swapped", text -> text.replace("a\t\"id\":\"a\"\n", "").replace("#end",
                       "a\t\"id\":\"a\"\n#end"), "line 4 is out of order"),
                damage("an ID repeated", text -> text.replace("c\t", "b\t"), "line 4 is out of order"));
    }

    private static Arguments damage(String what, UnaryOperator<String> edit, String problem) {
        return Arguments.of(what, edit, problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damages")
    void aDamagedSnapshotIsReportedAndNotVerified(String what, UnaryOperator<String> edit, String problem)
            throws IOException {
        commit(IdType.custom_ids, LINES);
        Path file = file();
        Files.writeString(file, edit.apply(Files.readString(file, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);

        try (SnapshotStore.Snapshot snapshot = store.open(AUDIENCE)) {
            readAll(snapshot);

            assertThat(snapshot.problem()).contains(problem);
            assertThat(snapshot.isVerified()).isFalse();
            assertThat(SnapshotLines.nextLine(snapshot)).isNull();
        }
    }

    static Stream<Arguments> headers() {
        return Stream.of(
                Arguments.of("", "it is empty"),
                Arguments.of("#batch-audience-snapshot v1 idType=custom_ids\na\tx\n", "by an earlier version"),
                Arguments.of("a\tx\n", "its first line is not a snapshot header"),
                Arguments.of(SnapshotStore.MAGIC + " idType=phone_numbers\n#end count=0 sha256=\n",
                             "its header names no known ID type"));
    }

    @ParameterizedTest
    @MethodSource("headers")
    void aFileWithoutThisVersionsHeaderIsDamagedFromTheStart(String content, String problem) throws IOException {
        commit(IdType.custom_ids, LINES);
        Files.writeString(file(), content, StandardCharsets.UTF_8);

        try (SnapshotStore.Snapshot snapshot = store.open(AUDIENCE)) {
            assertThat(snapshot.problem()).contains(problem);
            assertThat(snapshot.location).isEqualTo(file().toString());
            assertThat(SnapshotLines.nextLine(snapshot)).isNull();
            assertThat(snapshot.isVerified()).isFalse();
        }
    }

    /** Writes, prepares and commits the audience's snapshot from {@code id TAB members} lines. */
    private void commit(IdType idType, List<String> lines) throws IOException {
        try (SnapshotStore.SnapshotWriter writer = store.create(AUDIENCE, idType)) {
            for (String line : lines) {
                int tab = line.indexOf('\t');
                writer.write(SnapshotLines.member(line.substring(0, tab), line.substring(tab + 1)));
            }
            writer.prepare();
            writer.commit();
        }
    }

    private List<String> read() throws IOException {
        try (SnapshotStore.Snapshot snapshot = store.open(AUDIENCE)) {
            List<String> lines = readAll(snapshot);
            assertThat(snapshot.problem()).isNull();
            return lines;
        }
    }

    private static List<String> readAll(SnapshotStore.Snapshot snapshot) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = SnapshotLines.nextLine(snapshot); line != null; line = SnapshotLines.nextLine(snapshot)) {
            lines.add(line);
        }
        return lines;
    }

    private Path file() {
        return repository.pathOf(store.keyOf(AUDIENCE));
    }
}
