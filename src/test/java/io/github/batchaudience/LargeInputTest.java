package io.github.batchaudience;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
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

    static void createAudience(BatchEmulator emulator, String name) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> reply = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        emulator.baseUrl() + "/1.1/" + emulator.apiKey() + "/custom-audience/" + name))
                        .header("X-Authorization", emulator.restApiKey())
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"description\":\"big\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(200);
    }

    static JsonNode runIsolated(BatchEmulator emulator, String uri, File file) throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:+ExitOnOutOfMemoryError", "-cp", classpath, LargeInputRunner.class.getName(), uri,
                emulator.baseUrl(), emulator.apiKey(), emulator.restApiKey(), file.getPath()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (var reader = process.inputReader()) {
            reader.lines().forEach(lines::add);
        }
        int exit = process.waitFor();
        assertThat(exit).as(String.join("\n", lines)).isZero();
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }
}
