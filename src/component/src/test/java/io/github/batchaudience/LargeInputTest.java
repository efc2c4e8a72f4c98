package io.github.batchaudience;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.batchaudience.emulator.BatchEmulator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ten million rows through update with a 256 MB heap, in a JVM of its own (the emulator, which
 * must hold every member, stays in the test's JVM). Runs with {@code mvn -B verify -Pslow}.
 */
@Tag("slow")
class LargeInputTest {
    static final int ROWS = Integer.getInteger("large.rows", 10_000_000);

    @TempDir
    Path tmp;

    @Test
    void tenMillionRowsWithDuplicatesThroughUpdateIn256Mb() throws Exception {
        Path csv = tmp.resolve("big.csv");
        // Every ID once, with two attributes and a tag; ID 1 is removed again on the last line,
        // nine million lines after it was added, and must not be a member in the end.
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(csv),
                                                                            StandardCharsets.UTF_8), 1 << 16)) {
            out.write("id,action,tags,score:int,city\n");
            for (int i = 0; i < ROWS; i++) {
                out.write("install-" + i + ",add,t" + (i % 7) + "," + (i % 1000) + ",c" + (i % 13) + "\n");
            }
            out.write("install-1,remove,,,\n");
        }
        try (BatchEmulator emulator = BatchEmulator.builder().port(0).indexingDelayMs(10).threads(4).build().start()) {
            createAudience(emulator, "big");
            JsonNode result = runIsolated(emulator, "batch-audience:update/big?idType=install_ids", csv.toFile());
            assertThat(result.get("rowsRead").asLong()).isEqualTo(ROWS + 1L);
            assertThat(result.get("rejected").asLong()).isZero();
            assertThat(result.get("duplicates").asLong()).isEqualTo(1);
            assertThat(result.get("idsSent").asLong()).isEqualTo(ROWS);
            await().atMost(2, TimeUnit.MINUTES).until(() -> emulator.pendingWrites() == 0);
            List<BatchEmulator.Member> members = emulator.members("big");
            assertThat(members).hasSize(ROWS - 1);
            assertThat(members).noneMatch(m -> m.id().equals("install-1"));
        }
    }

    @Test
    void tenMillionIdsThroughSyncTwiceIn256Mb() throws Exception {
        Path first = tmp.resolve("first.csv");
        Path second = tmp.resolve("second.csv");
        // The second list drops the first 1% of IDs, adds 1% new ones and changes the score of
        // another 1%: 300,000 IDs of 10 million differ.
        int onePercent = ROWS / 100;
        writeSyncList(first, 0, ROWS, -1);
        writeSyncList(second, onePercent, ROWS + onePercent, onePercent);
        String state = tmp.resolve("state").toString();
        try (BatchEmulator emulator = BatchEmulator.builder().port(0).indexingDelayMs(10).threads(4).build().start()) {
            createAudience(emulator, "nightly");
            String uri = "batch-audience:sync/nightly?idType=install_ids&waitForIndexing=true&stateDirectory=" + state;

            JsonNode initial = runIsolated(emulator, uri, first.toFile());
            assertThat(initial.get("syncMode").asText()).isEqualTo("replace");
            assertThat(initial.get("idsSent").asLong()).isEqualTo(ROWS);

            JsonNode next = runIsolated(emulator, uri, second.toFile());
            assertThat(next.get("syncMode").asText()).isEqualTo("diff");
            assertThat(next.get("added").asLong()).isEqualTo(onePercent);
            assertThat(next.get("changed").asLong()).isEqualTo(onePercent);
            assertThat(next.get("removed").asLong()).isEqualTo(onePercent);
            assertThat(next.get("unchanged").asLong()).isEqualTo(ROWS - 2L * onePercent);
            assertThat(next.get("idsSent").asLong()).isEqualTo(3L * onePercent);

            await().atMost(2, TimeUnit.MINUTES).until(() -> emulator.pendingWrites() == 0);
            List<BatchEmulator.Member> members = emulator.members("nightly");
            assertThat(members).hasSize(ROWS);
            assertThat(members).noneMatch(m -> m.id().equals("user-0"));
            assertThat(members).anyMatch(m -> m.id().equals("user-" + (ROWS + onePercent - 1)));
        }
    }

    /** IDs {@code user-from} to {@code user-(to-1)}; the first {@code changed} of them get a new score. */
    private static void writeSyncList(Path file, int from, int to, int changed) throws IOException {
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file),
                                                                            StandardCharsets.UTF_8), 1 << 16)) {
            out.write("id,score:int,city\n");
            for (int i = from; i < to; i++) {
                int score = i - from < changed ? 5000 : i % 1000;
                out.write("user-" + i + "," + score + ",c" + (i % 13) + "\n");
            }
        }
    }

    static void createAudience(BatchEmulator emulator, String name) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> reply = http.send(
                HttpRequest.newBuilder(URI.create(
                        emulator.baseUrl() + "/1.1/" + emulator.apiKey() + "/custom-audience/" + name))
                        .header("X-Authorization", emulator.restApiKey())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"description\":\"big\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(200);
    }

    static JsonNode runIsolated(BatchEmulator emulator, String uri, File file) throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-cp", classpath, LargeInputRunner.class.getName(), uri,
                emulator.baseUrl(), emulator.apiKey(), emulator.restApiKey(), file.getPath()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (var reader = process.inputReader()) {
            reader.lines().forEach(lines::add);
        }
        int exit = process.waitFor();
        assertThat(exit).as(String.join("\n", lines)).isZero();
        String result = lines.stream().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no result in:\n" + String.join("\n", lines)));
        return new ObjectMapper().readTree(result.substring("RESULT ".length()));
    }
}
