package io.github.batchaudience;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.batchaudience.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots written by the version before (v2, lines sorted by UTF-16 units): read as today's
 * (v3, sorted by UTF-8 bytes), since their lines and checksum are the same; one whose order
 * differs between the two (an ID beyond U+FFFF beside one in U+E000-U+FFFF) is damaged, and the
 * audience is replaced with a warning naming it.
 */
class SnapshotVersionTest extends BatchAudienceTestSupport {
    private static final String V2 = "#batch-audience-snapshot v2";

    @TempDir
    Path state;

    private String uri(String audience) {
        return "batch-audience:sync/" + audience + "?stateDirectory=" + state + "&waitForIndexing=true";
    }

    private static String members(Stream<String> ids) {
        return ids.collect(Collectors.joining("\n", "id\n", "\n"));
    }

    private Path snapshot() throws IOException {
        try (Stream<Path> files = Files.list(state.resolve("snapshots"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".snapshot")).findFirst().orElseThrow();
        }
    }

    @Test
    void aV2SnapshotIsUsedAndTheSyncSendsOnlyTheDifference() throws Exception {
        createAudience("kept", "custom_ids");
        write(uri("kept"), members(IntStream.range(0, 1_000).mapToObj(i -> "m-" + i)));
        Path snapshot = snapshot();
        List<String> lines = Files.readAllLines(snapshot, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("#batch-audience-snapshot v3 ");
        lines.set(0, lines.get(0).replace("#batch-audience-snapshot v3", V2));
        Files.write(snapshot, lines, StandardCharsets.UTF_8);

        BatchAudienceResult second = write(uri("kept"), members(IntStream.range(10, 1_010).mapToObj(i -> "m-" + i)));

        assertThat(second.getSyncMode()).isEqualTo(SyncMode.diff);
        assertThat(second.getAdded()).isEqualTo(10);
        assertThat(second.getRemoved()).isEqualTo(10);
        assertThat(second.getIdsSent()).isEqualTo(20);
        assertThat(Files.readAllLines(snapshot(), StandardCharsets.UTF_8).get(0))
                .startsWith("#batch-audience-snapshot v3 ");
    }

    @Test
    void aV2SnapshotOutOfByteOrderMeansAReplaceWithAWarningNamingTheAudience() throws Exception {
        createAudience("emoji", "custom_ids");
        // U+E000 is one UTF-16 unit above the surrogates of U+1F600, but sorts below it as UTF-8.
        List<String> ids = List.of("a", "m-\uE000", "m-\uD83D\uDE00", "z");
        write(uri("emoji"), members(ids.stream()));
        Path snapshot = snapshot();
        List<String> lines = Files.readAllLines(snapshot, StandardCharsets.UTF_8);
        assertThat(lines.get(2)).startsWith("m-\uE000\t");
        // As the version before wrote it: in UTF-16 order, with the checksum of the lines so.
        List<String> v2 = new ArrayList<>(List.of(lines.get(0).replace("#batch-audience-snapshot v3", V2),
                                                  lines.get(1), lines.get(3), lines.get(2), lines.get(4)));
        v2.add("#end count=4 sha256=" + sha256(v2.subList(1, 5)));
        Files.write(snapshot, v2, StandardCharsets.UTF_8);

        BatchAudienceResult second;
        try (LogCapture log = LogCapture.atConfiguredLevels()) {
            second = write(uri("emoji"), members(ids.stream().filter(id -> !id.equals("a"))));
            assertThat(log.text()).contains("WARN").contains("sync of emoji").contains("line 4 is out of order");
        }
        assertThat(second.getSyncMode()).isEqualTo(SyncMode.replace);
        assertThat(second.getSyncReason()).contains("is damaged");
        assertThat(memberIds("emoji")).containsExactlyInAnyOrder("m-\uE000", "m-\uD83D\uDE00", "z");
    }

    private static String sha256(List<String> lines) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (String line : lines) {
            digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
