package io.github.batchaudience.integration;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorExtension;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import io.github.batchaudience.testing.LogCapture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * State files damaged on disk between two runs: each is checked before it is trusted, a damaged
 * one is set aside with a WARN and an alert naming it, and the others go on.
 */
class LocalStateDamageIT {
    @RegisterExtension
    static final BatchEmulatorExtension BATCH = IntegrationHarness.emulatorExtension();

    static BatchEmulator emulator;

    @TempDir
    Path data;

    @BeforeAll
    static void connect() {
        emulator = BATCH.emulator();
    }

    private IntegrationHarness integration() throws Exception {
        return new IntegrationHarness(emulator, data, false, Map.of()).start();
    }

    @Test
    void aDamagedTokensFileIsSetAsideAndItsTokensComeBackFromTheSettledRecord() throws Exception {
        // Applied long after the first run has stopped: both files leave it PENDING_INDEXING.
        emulator.setIndexingDelayMs(2_000);
        try (IntegrationHarness it = integration()) {
            it.drop("vip-users.update.csv", "id\ninstall-1\n");
            it.drop("winback.update.csv", "id\ninstall-2\n");
            it.awaitReport("vip-users.update.csv", "PENDING_INDEXING");
            it.awaitReport("winback.update.csv", "PENDING_INDEXING");
        }
        Path tokens = data.resolve("state/tokens/vip-users.update.csv.tokens.json");
        byte[] whole = Files.readAllBytes(tokens);
        Files.write(tokens, Arrays.copyOf(whole, whole.length / 2));

        try (LogCapture log = LogCapture.atConfiguredLevels(); IntegrationHarness it = integration()) {
            JsonNode other = it.awaitReport("winback.update.csv", "DONE");
            assertThat(other.get("indexingState").asText()).isEqualTo("APPLIED");
            // Its tokens come back from its settled record (forced to disk, checked too): it ends DONE.
            it.awaitReport("vip-users.update.csv", "DONE");
            assertThat(tokens).doesNotExist();
            assertThat(tokens.resolveSibling("vip-users.update.csv.tokens.json.damaged")).exists();
            assertThat(log.text()).contains("WARN").contains("the indexing tokens of vip-users.update.csv cannot be trusted")
                    .contains("vip-users.update.csv.tokens.json is damaged: it has no checksum line")
                    .contains("ALERT STATE_DAMAGED vip-users.update.csv")
                    .contains("vip-users.update.csv: its indexing tokens were lost (a crash of the system?): registered"
                              + " again from its settled record");
        }
        assertThat(new String(whole, StandardCharsets.UTF_8)).contains("#sha256=");
    }
}
