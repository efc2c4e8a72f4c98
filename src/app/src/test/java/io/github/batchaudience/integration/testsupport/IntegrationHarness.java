package io.github.batchaudience.integration.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.batchaudience.app.IntegrationRunner;
import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorExtension;

import static org.awaitility.Awaitility.await;

/**
 * Runs the integration as users do, with the project's own {@code config/application.properties}
 * and {@code routes/*.yaml} on Camel Main, in this JVM, against a test's emulator, with every
 * folder under a temporary data directory.
 */
public final class IntegrationHarness implements AutoCloseable {
    public static final String API_KEY = "it-app-key-5d21";
    public static final String REST_KEY = "it-rest-key-90be";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IntegrationRunner runner;
    private final Path data;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private CompletableFuture<Integer> exit;

    /**
     * @param emulator the API to use, or null for the embedded default (no keys in the environment)
     */
    public IntegrationHarness(BatchEmulator emulator, Path data, boolean once, Map<String, String> properties) {
        this(emulator == null ? null : emulator.baseUrl(), data, once, properties);
    }

    /**
     * @param baseUrl where the API is (the test's keys are used), or null for the embedded default
     */
    public IntegrationHarness(String baseUrl, Path data, boolean once, Map<String, String> properties) {
        this(baseUrl, data, once, properties, Duration.ofMinutes(2));
    }

    /** @param timeout how long {@code --once} waits for the inbox's files to be settled */
    public IntegrationHarness(String baseUrl, Path data, boolean once, Map<String, String> properties,
                              Duration timeout) {
        this(data, once, properties, timeout, baseUrl == null ? Map.of()
                : Map.of("BATCH_API_KEY", API_KEY, "BATCH_REST_API_KEY", REST_KEY, "BATCH_BASE_URL", baseUrl));
    }

    /**
     * The integration with these keys in its environment (BATCH_API_KEY or BATCH_PROJECT_KEY, the
     * test's REST key added), against the emulator.
     */
    public static IntegrationHarness withKeys(BatchEmulator emulator, Path data, Map<String, String> keys) {
        Map<String, String> env = new HashMap<>(keys);
        env.put("BATCH_REST_API_KEY", REST_KEY);
        env.put("BATCH_BASE_URL", emulator.baseUrl());
        return new IntegrationHarness(data, false, Map.of(), Duration.ofMinutes(2), env);
    }

    private IntegrationHarness(Path data, boolean once, Map<String, String> properties, Duration timeout,
                               Map<String, String> env) {
        this.data = data;
        runner = new IntegrationRunner(Path.of("config/application.properties"), null, once, null, timeout,
                                       env, new PrintStream(printed, true, StandardCharsets.UTF_8));
        runner.override("batch.data", data.toString());
        // Quick polls and short waits: the tests wait on outcomes, never on fixed delays.
        runner.override("batch.inbox.delay", "100");
        runner.override("batch.status.period", "100");
        runner.override("batch.inbox.retry-delay", "200");
        runner.override("camel.component.batch-audience.indexing-poll-interval", "20");
        runner.override("camel.component.batch-audience.initial-backoff", "10");
        runner.override("camel.component.batch-audience.max-backoff", "100");
        properties.forEach(runner::override);
    }

    /** The emulator of a test class, through the JUnit extension, with the keys and pace the harness uses. */
    public static BatchEmulatorExtension emulatorExtension() {
        return BatchEmulatorExtension.create(b -> b.apiKeys(API_KEY).restApiKey(REST_KEY).indexingDelayMs(20).seed(7));
    }

    public static BatchEmulator emulator() throws IOException {
        return emulator(0);
    }

    public static BatchEmulator emulator(int port) throws IOException {
        return BatchEmulator.builder().port(port).apiKeys(API_KEY).restApiKey(REST_KEY).indexingDelayMs(20).seed(7).build()
                .start();
    }

    /**
     * Requests the emulator answered, by method, with the given status ("201"), or with any
     * status when it is null.
     */
    public static long requests(BatchEmulator emulator, String method, String status) {
        Map<?, ?> byMethod = (Map<?, ?>) emulator.stats().get("requests");
        Object byStatus = byMethod == null ? null : byMethod.get(method);
        if (!(byStatus instanceof Map)) {
            return 0;
        }
        return ((Map<?, ?>) byStatus).entrySet().stream()
                .filter(e -> status == null || status.equals(e.getKey()))
                .mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
    }

    /** Creates an install-ID audience over HTTP, so that a test's first write request is its own. */
    public static void createAudience(BatchEmulator emulator, String name) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(
                                emulator.baseUrl() + "/1.1/" + API_KEY + "/custom-audience/" + name))
                        .header("X-Authorization", REST_KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"description\":\"test\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("create " + name + ": " + response.statusCode() + " " + response.body());
        }
    }

    public IntegrationHarness start() throws InterruptedException {
        exit = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        runner.awaitStarted();
        return this;
    }

    /** Waits for the run to end by itself (--once) and returns its exit code. */
    public int awaitExit() throws Exception {
        return exit.get(3, TimeUnit.MINUTES);
    }

    public IntegrationRunner runner() {
        return runner;
    }

    /** Everything the runner printed on its standard output. */
    public String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    public Path data(String folder) {
        return data.resolve(folder);
    }

    /** Drops a file into the inbox the way a producer should: written aside, then renamed in. */
    public Path drop(String name, String content) throws IOException {
        Path inbox = Files.createDirectories(data("inbox"));
        Path tmp = Files.createDirectories(data.resolve("incoming")).resolve(name);
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        return Files.move(tmp, inbox.resolve(name));
    }

    public JsonNode report(String file) throws IOException {
        Path path = data("reports").resolve(file + ".report.json");
        return Files.exists(path) ? JSON.readTree(path.toFile()) : null;
    }

    /** Waits until the file's report has this status, and returns the report. */
    public JsonNode awaitReport(String file, String status) {
        return await().atMost(60, TimeUnit.SECONDS).until(() -> report(file),
                                                           r -> r != null && status.equals(r.path("status").asText()));
    }

    /** Waits until the file's report is DONE or FAILED, and returns it. */
    public JsonNode awaitFinalReport(String file) {
        return await("final report of " + file).atMost(60, TimeUnit.SECONDS).until(() -> report(file), r -> r != null
                && ("DONE".equals(r.path("status").asText()) || "FAILED".equals(r.path("status").asText())));
    }

    @Override
    public void close() throws Exception {
        runner.stop();
        if (exit != null) {
            exit.get(1, TimeUnit.MINUTES);
        }
    }
}
