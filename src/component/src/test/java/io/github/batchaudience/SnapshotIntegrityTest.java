package io.github.batchaudience;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.batchaudience.testing.LogCapture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sync snapshot damaged on disk (cut short at a line boundary with its header kept, cut
 * mid-line, altered, its count edited, from an earlier version) is never used to compute a
 * difference: the sync replaces instead, says why naming the file, and the audience ends exact.
 * Before snapshots carried a checksum, the first case ended with the missing half never removed.
 */
class SnapshotIntegrityTest extends BatchAudienceTestSupport {
    private static final int MEMBERS = 3_000;

    @TempDir
    Path state;

    private String uri(String audience) {
        return "batch-audience:sync/" + audience + "?stateDirectory=" + state + "&waitForIndexing=true";
    }

    private static String members(IntStream ids) {
        return "id,score:int\n" + ids.mapToObj(i -> "m-" + i + "," + i + "\n").collect(Collectors.joining());
    }

    private Path snapshot() throws IOException {
        try (Stream<Path> files = Files.list(state.resolve("snapshots"))) {
            List<Path> all = files.filter(p -> p.getFileName().toString().endsWith(".snapshot")).toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    static Stream<Arguments> damages() {
        return Stream.of(
                Arguments.of("cut short at a line boundary, header kept", (UnaryOperator<List<String>>) lines ->
                        new ArrayList<>(lines.subList(0, lines.size() / 2)), "without its trailer"),
                Arguments.of("cut mid-line", (UnaryOperator<List<String>>) lines -> {
                    List<String> out = new ArrayList<>(lines.subList(0, 100));
                    out.add("m-1");
                    return out;
                }, "cut mid-line"),
                Arguments.of("a member altered", (UnaryOperator<List<String>>) lines -> {
                    List<String> out = new ArrayList<>(lines);
                    out.set(10, out.get(10).replace("\"score\":", "\"score\":9"));
                    return out;
                }, "checksum does not match"),
                Arguments.of("lines removed and the count edited to match", (UnaryOperator<List<String>>) lines -> {
                    List<String> out = new ArrayList<>(lines.subList(0, 1));
                    out.addAll(lines.subList(1 + MEMBERS / 2, lines.size() - 1));
                    out.add(lines.get(lines.size() - 1).replaceFirst("count=\\d+", "count=" + (MEMBERS - MEMBERS / 2)));
                    return out;
                }, "checksum does not match"),
                Arguments.of("an earlier version's header", (UnaryOperator<List<String>>) lines -> {
                    List<String> out = new ArrayList<>(lines);
                    out.set(0, "#batch-audience-snapshot v1 idType=install_ids count=0000000000000003000");
                    return out;
                }, "earlier version"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damages")
    void aDamagedSnapshotMeansAReplaceAndTheAudienceEndsExact(String damage, UnaryOperator<List<String>> cut,
                                                               String why) throws Exception {
        createAudience("guarded", "install_ids");
        write(uri("guarded"), members(IntStream.range(0, MEMBERS)));
        Path snapshot = snapshot();
        Files.write(snapshot, cut.apply(Files.readAllLines(snapshot, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);

        // 300 IDs leave, spread over the range: a difference computed from a damaged snapshot
        // would miss those it no longer lists.
        List<Integer> staying = IntStream.range(0, MEMBERS).filter(i -> i % 10 != 3).boxed().toList();
        BatchAudienceResult second;
        try (LogCapture log = LogCapture.atConfiguredLevels()) {
            second = write(uri("guarded"), members(staying.stream().mapToInt(Integer::intValue)));
            assertThat(log.text()).contains("WARN").contains(snapshot.getFileName().toString()).contains(why);
        }
        assertThat(second.getSyncMode()).as(damage).isEqualTo(SyncMode.replace);
        assertThat(second.getSyncReason()).contains("is damaged").contains(snapshot.getFileName().toString())
                .contains(why);
        assertThat(memberIds("guarded")).containsExactlyInAnyOrderElementsOf(
                staying.stream().map(i -> "m-" + i).toList());

        // The snapshot written by the replace is whole: the next sync of the same list sends nothing.
        BatchAudienceResult third = write(uri("guarded"), members(staying.stream().mapToInt(Integer::intValue)));
        assertThat(third.getSyncMode()).isEqualTo(SyncMode.diff);
        assertThat(third.getIdsSent()).isZero();
    }

    @Test
    void noTemporaryFileIsLeftBehind() throws Exception {
        createAudience("tidy", "install_ids");
        write(uri("tidy"), members(IntStream.range(0, 100)));
        write(uri("tidy"), members(IntStream.range(50, 150)));
        try (Stream<Path> files = Files.list(state.resolve("snapshots"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).singleElement()
                    .matches(name -> name.endsWith(".snapshot") && !name.startsWith("."));
        }
    }

    /**
     * A disk that fills while a first (replace-mode) sync writes what it needs locally: nothing
     * is sent, the audience keeps its members, and no temporary file is left. Before, the PUT
     * went first, emptied the audience, and every retry emptied it again. The new snapshot's
     * temporary file is made a link to /dev/full, whose every write fails with "No space left
     * on device".
     */
    @Test
    void aFullDiskBeforeAReplaceSendsNothing() throws Exception {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(full), "a /dev/full to write to");
        createAudience("crowded", "install_ids");
        write(uri("crowded"), members(IntStream.range(0, 305)));
        Path snapshot = snapshot();
        Files.delete(snapshot);
        Path tmp = snapshot.resolveSibling("." + snapshot.getFileName() + ".tmp");
        Files.createSymbolicLink(tmp, full);
        long writes = ProducerOperationsTest.requestsOf("PUT") + ProducerOperationsTest.requestsOf("PATCH");

        Exception e = failure(uri("crowded"), members(IntStream.range(5, 305)));
        assertThat(e).isInstanceOf(BatchAudienceException.class).hasMessageContaining("No space left on device");
        assertThat(((BatchAudienceException) e).isTransient()).isTrue();
        assertThat(ProducerOperationsTest.requestsOf("PUT") + ProducerOperationsTest.requestsOf("PATCH")).isEqualTo(writes);
        assertThat(memberIds("crowded")).hasSize(305);
        assertThat(Files.exists(tmp, LinkOption.NOFOLLOW_LINKS)).as("the temporary file").isFalse();

        BatchAudienceResult again = write(uri("crowded"), members(IntStream.range(5, 305)));
        assertThat(again.getSyncMode()).isEqualTo(SyncMode.replace);
        assertThat(memberIds("crowded")).containsExactlyInAnyOrderElementsOf(
                IntStream.range(5, 305).mapToObj(i -> "m-" + i).toList());
    }
}
