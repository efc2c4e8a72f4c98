package io.github.batchaudience.integration.inbox;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RetryFilterTest {
    @TempDir
    Path inbox;

    private final RetryFilter<File> filter = new RetryFilter<>();

    @Test
    void aWaitingFileHoldsBackTheLaterFilesOfItsAudienceOnly() throws Exception {
        filter.setDelay(60_000);
        GenericFile<File> first = file("vip.update.2026-11-21.csv");
        GenericFile<File> second = file("vip.update.2026-11-22.csv");
        GenericFile<File> earlier = file("vip.update.2026-11-20.csv");
        GenericFile<File> other = file("churn.update.2026-11-22.csv");
        filter.failed(first.getFileName());

        assertThat(filter.accept(first)).as("not due yet").isFalse();
        assertThat(filter.accept(second)).as("after the waiting file, same audience").isFalse();
        assertThat(filter.accept(earlier)).as("before the waiting file").isTrue();
        assertThat(filter.accept(other)).as("another audience").isTrue();

        filter.succeeded(first.getFileName());
        assertThat(filter.accept(second)).isTrue();
    }

    @Test
    void aWaitingFileTakenOutOfTheFolderNoLongerHoldsTheOthersBack() throws Exception {
        filter.setDelay(60_000);
        GenericFile<File> first = file("vip.update.1.csv");
        GenericFile<File> second = file("vip.update.2.csv");
        filter.failed(first.getFileName());
        assertThat(filter.accept(second)).isFalse();
        Files.delete(first.getFile().toPath());
        assertThat(filter.accept(second)).isTrue();
    }

    @Test
    void aFailedFileIsAcceptedAgainWhenItsAttemptIsDue() throws Exception {
        filter.setDelay(0);
        GenericFile<File> first = file("vip.update.1.csv");
        filter.failed(first.getFileName());
        assertThat(filter.accept(first)).isTrue();
    }

    private GenericFile<File> file(String name) throws Exception {
        File f = Files.createFile(inbox.resolve(name)).toFile();
        GenericFile<File> file = new GenericFile<>();
        file.setFile(f);
        file.setFileName(name);
        file.setFileNameOnly(name);
        return file;
    }
}
