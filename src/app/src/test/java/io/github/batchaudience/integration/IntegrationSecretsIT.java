package io.github.batchaudience.integration;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulator.Fault;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import io.github.batchaudience.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The integration run with known keys through success, rejected rows, a bad name, passing and
 * permanent API failures, a refused key and the startup summary: neither key may appear in
 * anything it prints, logs or writes (also URL-encoded).
 */
class IntegrationSecretsIT {
    @TempDir
    Path data;

    @Test
    void keysAppearNowhereTheIntegrationPrintsLogsOrWrites() throws Exception {
        StringBuilder seen = new StringBuilder();
        try (BatchEmulator emulator = IntegrationHarness.emulator();
             LogCapture logs = LogCapture.start("io.github.batchaudience", "org.apache.camel")) {
            try (IntegrationHarness it = new IntegrationHarness(emulator, data, false, Map.of()).start()) {
                it.drop("vip-users.update.csv", "id,n:int\ninstall-1,1\ninstall-2,x\n" + "y".repeat(200) + ",3\n");
                it.awaitReport("vip-users.update.csv", "DONE");
                it.drop("vip-users.bogus.csv", "id\ninstall-1\n");
                it.awaitReport("vip-users.bogus.csv", "FAILED");
                emulator.injectFault(Fault.DROP_BEFORE_APPLY, 12);
                it.drop("churn-risk.sync.csv", "id\ninstall-1\ninstall-2\n");
                it.awaitReport("churn-risk.sync.csv", "DONE");
                emulator.rejectIds(id -> true);
                it.drop("winback.replace.csv", "id\ninstall-9\n");
                it.awaitReport("winback.replace.csv", "DONE");
                seen.append(it.printed());
            }
            try (IntegrationHarness it = new IntegrationHarness(emulator, data, false,
                    Map.of("camel.component.batch-audience.rest-api-key", "not-the-rest-key")).start()) {
                it.drop("vip-users.update.2.csv", "id\ninstall-3\n");
                assertThat(it.awaitReport("vip-users.update.2.csv", "FAILED").get("error").asText())
                        .contains("AUTHENTICATION_INVALID");
                seen.append(it.printed());
            }
            seen.append(logs.text());
        }
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                seen.append(file).append('\n').append(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        String all = seen.toString();
        // The run did go through the paths this test is about.
        assertThat(all).contains("Auto-configuration summary").contains("rejected").contains("'bogus'")
                .contains("AUTHENTICATION_INVALID").contains("will be tried again");
        for (String key : List.of(IntegrationHarness.API_KEY, IntegrationHarness.REST_KEY)) {
            assertThat(all).doesNotContain(key).doesNotContain(URLEncoder.encode(key, StandardCharsets.UTF_8));
        }
    }
}
