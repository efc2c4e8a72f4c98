package io.github.batchaudience.integration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorExtension;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import io.github.batchaudience.testing.LogCapture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A file name with control characters cannot forge a log line or a row of the summary table. */
class ForgedLinesIT {
    @RegisterExtension
    static final BatchEmulatorExtension BATCH = IntegrationHarness.emulatorExtension();

    static BatchEmulator emulator;

    @TempDir
    Path data;

    @BeforeAll
    static void connect() {
        emulator = BATCH.emulator();
    }

    @Test
    void fileNamesAreEscapedInTheLogAndTheTable() throws Exception {
        Path inbox = Files.createDirectories(data.resolve("inbox"));
        // Both refused: a name with a control character anywhere is not an inbox file's name.
        Files.writeString(inbox.resolve("evil\nFAKE 12:00:00 INFO all good.update.csv"), "id\ni-1\n");
        Files.writeString(inbox.resolve("vip-users.update.x\nFAKE 12:00:01 INFO fine\u001b[2J.csv"), "id\ni-2\n");
        try (LogCapture log = LogCapture.atConfiguredLevels();
             IntegrationHarness it = new IntegrationHarness(emulator, data, true, Map.of()).start()) {
            int exit = it.awaitExit();
            assertThat(exit).as(it.printed()).isEqualTo(1);
            assertThat(it.printed()).doesNotContain("\nFAKE").doesNotContain("\u001b")
                    .contains("evil\\nFAKE 12:00:00 INFO all good.update.csv")
                    .contains("vip-users.update.x\\nFAKE 12:00:01 INFO fine\\u001B[2J.csv");
            assertThat(log.text()).contains("evil\\nFAKE").doesNotContain("\nFAKE").doesNotContain("\u001b");
            assertThat(it.report("vip-users.update.x\nFAKE 12:00:01 INFO fine\u001b[2J.csv").path("error").asText())
                    .contains("control character U+000A at position 19");
        }
    }
}
