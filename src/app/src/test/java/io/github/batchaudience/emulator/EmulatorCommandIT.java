package io.github.batchaudience.emulator;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.batchaudience.integration.testsupport.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.github.batchaudience.emulator.ApiCalls.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line, as users start it: {@code emulator --port N --api-key K --rest-key R} in a
 * JVM of its own on the test classpath (the command serves until the process is stopped, so it
 * cannot share this one).
 */
class EmulatorCommandIT {
    private static final String APP_KEY = "cli-app-key-0e41";
    private static final String REST_KEY = "cli-rest-key-d7a5";

    private Process process;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void theReadmesCurlsGetTheirDocumentedAnswers(@TempDir Path dir) throws Exception {
        int port = freePort();
        String banner = start(dir, "emulator", "--port", String.valueOf(port), "--api-key", APP_KEY, "--rest-key", REST_KEY,
                              "--indexing-delay-ms", "10");
        assertThat(banner).contains("http://127.0.0.1:" + port);
        ApiCalls api = new ApiCalls("http://127.0.0.1:" + port, APP_KEY, REST_KEY);

        // README.md, "Try it": the two curls, with our keys in place of the default ones.
        expect(200, api.send("POST", "/1.1/" + APP_KEY + "/custom-audience/my_audience", "{\"description\":\"demo\"}"));
        String patch = "{\"ids\":[{\"id\":\"install_id_1\",\"action\":\"add\",\"attributes\":{\"date(last_purchase)\":"
                       + "\"2026-11-01T10:00:00\",\"url(profile)\":\"https://example.com/u/1\",\"tier\":\"gold\"},"
                       + "\"tags\":[\"vip\"]}]}";
        ApiCalls.Answer answer = expect(201, api.send("PATCH", "/1.1/" + APP_KEY + "/custom-audience/my_audience", patch));
        assertThat(answer.token()).matches(ApiCalls.TOKEN_PATTERN);
        assertThat(api.awaitApplied("1.1", "my_audience", answer.token()).path("nb_ids").asInt()).isEqualTo(1);
        // The docs' own 1.1 payload too.
        expect(201, api.api("1.1", "PATCH", "my_audience", DocumentedExamplesTest.UPDATE_11));

        ApiCalls.Answer refused = api.send("PATCH", "/1.1/" + APP_KEY + "/custom-audience/my_audience", patch,
                                           "not-" + REST_KEY);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo(10);
        // The default keys are not accepted once others are given.
        ApiCalls defaults = new ApiCalls("http://127.0.0.1:" + port, BatchEmulator.DEFAULT_API_KEY,
                                         BatchEmulator.DEFAULT_REST_API_KEY);
        assertThat(defaults.api("1.1", "GET", null, null).status()).isEqualTo(401);
    }

    @Test
    void faultOptionsReachTheEmulator(@TempDir Path dir) throws Exception {
        int port = freePort();
        start(dir, "emulator", "--port", String.valueOf(port), "--fail-rate", "1", "--seed", "5");
        ApiCalls api = new ApiCalls("http://127.0.0.1:" + port, BatchEmulator.DEFAULT_API_KEY,
                                    BatchEmulator.DEFAULT_REST_API_KEY);
        for (int i = 0; i < 5; i++) {
            try {
                assertThat(api.api("1.1", "POST", "a" + i, "{}").status()).isIn(500, 503, 429);
            } catch (IOException dropped) {
                // A dropped connection is one of the faults.
            }
        }
        assertThat(api.stats().path("requests").path("POST").has("200")).isFalse();
    }

    /**
     * Starts the command line in a child JVM and returns its banner line once it is serving;
     * fails if the process ends or says nothing within the time limit.
     */
    private String start(Path dir, String... args) throws Exception {
        // In a folder of its own: the CLI reads config/log4j2.xml from its working folder.
        process = ChildJvm.cli("128m", List.of(), args).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> banner = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                for (String line; (line = out.readLine()) != null;) {
                    if (line.startsWith("Batch Custom Audience emulator on ")) {
                        // Keep draining, so a chatty child never blocks on a full pipe.
                        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "emulator-cli-output");
                        drain.setDaemon(true);
                        drain.start();
                        return line;
                    }
                    seen.append(line).append('\n');
                }
            } catch (IOException e) {
                seen.append(e);
            }
            throw new IllegalStateException("the emulator command ended without serving:\n" + seen);
        });
        return banner.get(30, TimeUnit.SECONDS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
