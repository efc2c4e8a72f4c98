package io.github.batchaudience.integration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorExtension;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import io.github.batchaudience.testing.LogCapture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The move to done fails after the API applied a file (here data/done is a file, not a folder;
 * in the field, a full or read-only disk): the file is never sent again, one alert says so, the
 * move is tried again with a growing delay, and no other file waits for it. Before, the file was
 * sent again at every poll and the files after it never came.
 */
class StuckFileIT {
    @RegisterExtension
    static final BatchEmulatorExtension BATCH = IntegrationHarness.emulatorExtension();

    static BatchEmulator emulator;

    @TempDir
    Path data;

    @BeforeAll
    static void connect() {
        emulator = BATCH.emulator();
    }

    private static long patches() {
        return IntegrationHarness.requests(emulator, "PATCH", null);
    }


    @Test
    void aFileThatCannotBeMovedIsNotSentAgainAndHoldsBackNoOther() throws Exception {
        Files.createDirectories(data);
        Files.writeString(data.resolve("done"), "a file where the done folder should be");
        IntegrationHarness.createAudience(emulator, "vip-users");
        IntegrationHarness.createAudience(emulator, "winback");
        try (LogCapture log = LogCapture.atConfiguredLevels();
             IntegrationHarness it = new IntegrationHarness(emulator, data, false, Map.of()).start()) {
            it.drop("vip-users.update.1.csv", "id\ninstall-1\ninstall-2\n");
            it.awaitReport("vip-users.update.1.csv", "DONE");
            // Found in the inbox again, twice at least: never sent again.
            await().atMost(30, TimeUnit.SECONDS)
                    .until(() -> log.count("vip-users.update.1.csv was settled (done") >= 2);
            assertThat(patches()).isEqualTo(1);

            // Neither another audience's file nor a later one of the same audience waits for it.
            it.drop("winback.update.csv", "id\ninstall-9\n");
            it.drop("vip-users.update.2.csv", "id,action\ninstall-1,remove\n");
            it.awaitReport("winback.update.csv", "DONE");
            it.awaitReport("vip-users.update.2.csv", "DONE");
            await().atMost(30, TimeUnit.SECONDS).until(() -> emulator.pendingWrites() == 0);
            assertThat(emulator.members("vip-users")).extracting(BatchEmulator.Member::id).containsExactly("install-2");
            assertThat(patches()).isEqualTo(3);
            assertThat(log.count("ALERT FILE_NOT_MOVED vip-users.update.1.csv")).isEqualTo(1);
            assertThat(it.report("vip-users.update.1.csv").path("status").asText()).isEqualTo("DONE");

            // The folder mended, every file ends in done, none sent again.
            Files.delete(data.resolve("done"));
            Files.createDirectories(data.resolve("done"));
            await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(data.resolve("done/vip-users.update.1.csv"))
                    && Files.exists(data.resolve("done/vip-users.update.2.csv"))
                    && Files.exists(data.resolve("done/winback.update.csv")));
            assertThat(data.resolve("inbox")).isEmptyDirectory();
            assertThat(patches()).isEqualTo(3);
        }
    }
}
