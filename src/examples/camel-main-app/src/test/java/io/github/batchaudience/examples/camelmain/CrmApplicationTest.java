package io.github.batchaudience.examples.camelmain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application as it ships and runs: its own JVM on this module's class path (camel-main,
 * camel-file, camel-bean, the component and logback; no Micrometer), configured by its
 * application.properties, with the keys in real environment variables, against the emulator.
 */
class CrmApplicationTest {
    @RegisterExtension
    static final BatchEmulatorExtension BATCH = BatchEmulatorExtension.create();

    @TempDir
    Path dir;

    private Process app;
    private Path output;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null) {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void start() throws IOException {
        output = dir.resolve("app.log");
        // Surefire hands the JVM a manifest-only jar; the real class path is in its own property.
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // The component's metrics are optional: this application has no Micrometer, and must run.
        assertThat(classpath).doesNotContain("micrometer").doesNotContain("log4j");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                                    "-Xmx256m", "-cp", classpath, CrmApplication.class.getName())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(Map.of("BATCH_API_KEY", BATCH.apiKey(), "BATCH_REST_API_KEY", BATCH.restApiKey(),
                                            "BATCH_BASE_URL", BATCH.baseUrl(),
                                            "CRM_INBOX", dir.resolve("inbox").toString()));
        app = builder.start();
    }

    private String printed() throws IOException {
        return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    }

    @Test
    void aCrmExportEndsInTheAudienceExactlyAndNothingPrintedHoldsAKey() throws Exception {
        start();
        // One refused request: the component retries it and says so at DEBUG (logback.xml).
        BATCH.emulator().injectFaultAfter(1, BatchEmulator.Fault.MAINTENANCE, 1);
        String csv = "id,tier\n" + IntStream.range(0, 300).mapToObj(i -> "install-" + i + ",t" + (i % 3) + "\n")
                .collect(Collectors.joining()) + "x".repeat(129) + ",gold\n";
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(Files.createDirectories(dir.resolve("incoming")).resolve("crm.csv"), csv);
        Files.move(dir.resolve("incoming/crm.csv"), inbox.resolve("crm.csv"));

        await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(inbox.resolve("done/crm.csv")));
        await().atMost(30, TimeUnit.SECONDS).until(() -> printed().contains("crm.csv: 300 IDs sent, 1 rejected"));

        List<BatchEmulator.Member> members = BATCH.members("vip-users");
        List<String> expected = new ArrayList<>();
        IntStream.range(0, 300).forEach(i -> expected.add("install-" + i));
        assertThat(members).extracting(BatchEmulator.Member::id).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(members).allSatisfy(m -> assertThat(m.attributes().get("tier"))
                .isEqualTo("t" + (Integer.parseInt(m.id().substring("install-".length())) % 3)));

        String printed = printed();
        // Every line is logback's (the pattern of logback.xml), Camel's and the component's alike.
        assertThat(printed).containsPattern("INFO  \\[main\\] \\S*AbstractCamelContext - Apache Camel 4\\.18\\.0 \\(crm-to-batch\\) started");
        assertThat(printed).containsPattern("DEBUG \\[[^]]+\\] i\\.g\\.b\\.internal\\.client\\.BatchApiClient - .*attempt 2 of");
        assertThat(printed).doesNotContain("multiple SLF4J providers").doesNotContain("SLF4J(W)");
        assertThat(printed).doesNotContain(BATCH.apiKey()).doesNotContain(BATCH.restApiKey());
    }
}
