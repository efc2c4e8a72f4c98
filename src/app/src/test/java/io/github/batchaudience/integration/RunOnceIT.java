package io.github.batchaudience.integration;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code run --once}: the samples through the embedded emulator, and the exit code when a file fails. */
class RunOnceIT {
    @TempDir
    Path data;

    @Test
    void samplesRunThroughTheEmbeddedEmulatorAndEveryFileIsDone() throws Exception {
        copySamplesTo(data.resolve("inbox"));
        try (IntegrationHarness it = new IntegrationHarness((BatchEmulator) null, data, true, Map.of())) {
            it.start();
            BatchEmulator embedded = it.runner().emulator();
            assertThat(embedded).isNotNull();
            int exit = it.awaitExit();
            assertThat(it.printed()).contains("NOTHING IS SENT TO BATCH").contains("All 6 file(s) DONE.");
            assertThat(exit).as(it.printed()).isZero();
            assertThat(it.printed()).containsPattern("churn-risk\\.sync\\.2\\.csv +churn-risk +sync +200 +25 +0 +2 +DONE");
            assertThat(it.data("done")).isDirectoryContaining("glob:**/vip-users.update.csv");
        }
    }

    @Test
    void exitCodeIsOneWhenAFileFails() throws Exception {
        Files.createDirectories(data.resolve("inbox"));
        Files.writeString(data.resolve("inbox/vip-users.update.csv"), "id\ninstall-1\n");
        Files.writeString(data.resolve("inbox/vip-users.merge.csv"), "id\ninstall-2\n");
        try (IntegrationHarness it = new IntegrationHarness((BatchEmulator) null, data, true, Map.of())) {
            it.start();
            int exit = it.awaitExit();
            assertThat(exit).as(it.printed()).isEqualTo(1);
            assertThat(it.printed()).containsPattern("vip-users\\.merge\\.csv .* FAILED")
                    .containsPattern("vip-users\\.update\\.csv .* DONE")
                    .contains("Not every file is DONE");
        }
    }

    /**
     * A run killed mid-file leaves the file consumer's NAME.camelLock beside the file: --once
     * waits for the file alone (Camel deletes the stale lock and takes the file), and exits as
     * soon as it is settled. Before, it waited for a report of the lock file until its timeout,
     * then exited 1 with a NO REPORT row.
     */
    @Test
    void aStaleLockFileLeftByACrashIsNotWaitedFor() throws Exception {
        Files.createDirectories(data.resolve("inbox"));
        Files.writeString(data.resolve("inbox/vip-users.update.csv"), "id\ninstall-1\n");
        Files.writeString(data.resolve("inbox/vip-users.update.csv.camelLock"), "");
        try (IntegrationHarness it = new IntegrationHarness((BatchEmulator) null, data, true, Map.of())) {
            it.start();
            int exit = it.awaitExit();
            assertThat(exit).as(it.printed()).isZero();
            assertThat(it.printed()).contains("All 1 file(s) DONE.").doesNotContain("camelLock");
        }
    }

    /** Indexing that never ends: --once gives up at its time limit, says so, and exits 1. */
    @Test
    void theTimeLimitIsSaidWhenItIsReached() throws Exception {
        try (BatchEmulator emulator = IntegrationHarness.emulator()) {
            emulator.setIndexingDelayMs(600_000);
            Files.createDirectories(data.resolve("inbox"));
            Files.writeString(data.resolve("inbox/vip-users.update.csv"), "id\ninstall-1\n");
            try (IntegrationHarness it = new IntegrationHarness(emulator.baseUrl(), data, true, Map.of(),
                                                                Duration.ofSeconds(2))) {
                it.start();
                assertThat(it.awaitExit()).as(it.printed()).isEqualTo(1);
                assertThat(it.printed()).contains("--once gave up waiting after PT2S (--timeout)")
                        .containsPattern("vip-users\\.update\\.csv .* PENDING_INDEXING");
            }
        }
    }

    /**
     * A second instance on a data folder in use, without cluster settings, is refused at start and
     * says how to run several; once the first has stopped, the folder can be taken again.
     */
    @Test
    void aSecondInstanceOnADataFolderInUseIsRefused() throws Exception {
        try (BatchEmulator emulator = IntegrationHarness.emulator();
             IntegrationHarness first = new IntegrationHarness(emulator, data, false, Map.of()).start()) {
            IntegrationHarness second = new IntegrationHarness(emulator, data, false, Map.of());
            second.start();
            assertThatThrownBy(second::awaitExit).hasRootCauseInstanceOf(IllegalStateException.class)
                    .rootCause().hasMessageContaining("is in use by another instance")
                    .hasMessageContaining("batch.cluster.enabled=true");
            first.close();
            try (IntegrationHarness third = new IntegrationHarness(emulator, data, false, Map.of()).start()) {
                third.drop("vip-users.update.csv", "id\ninstall-1\n");
                third.awaitReport("vip-users.update.csv", "DONE");
            }
        }
    }

    private static void copySamplesTo(Path inbox) throws Exception {
        Files.createDirectories(inbox);
        try (DirectoryStream<Path> samples = Files.newDirectoryStream(Path.of("samples"))) {
            for (Path sample : samples) {
                Files.copy(sample, inbox.resolve(sample.getFileName()));
            }
        }
    }
}
