package io.github.batchaudience.integration;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What became of each inbox file once it was settled (applied, or failed for good), written in
 * the state folder before the consumer moves the file. If the move then fails (a done folder
 * that cannot be written), the file is still in the inbox at the next poll: this record, checked
 * like every state file, says it must not be sent again, only moved. A file is the same when its
 * name, size and modification time are.
 */
public final class SettledFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SettledFiles.class);
    /** Records of files no longer seen are forgotten after this long. */
    private static final Duration KEPT = Duration.ofDays(7);

    private Path directory = Path.of("data/state/settled");

    /** One settled file: its identity and its outcome (done or failed). */
    public static final class Entry {
        public String file;
        public long size;
        public long modified;
        public String outcome;
        /** Epoch milliseconds. */
        public long settledAt;
    }

    public void setDirectory(String directory) {
        this.directory = Path.of(directory);
    }

    public void record(String file, long size, long modified, String outcome) throws IOException {
        Entry entry = new Entry();
        entry.file = file;
        entry.size = size;
        entry.modified = modified;
        entry.outcome = outcome;
        entry.settledAt = System.currentTimeMillis();
        StateFiles.write(path(file), entry);
        forgetOld();
    }

    /** The outcome of this very file (same size and time) if it was settled already, else null. */
    public String outcomeOf(String file, long size, long modified) throws IOException {
        Path path = path(file);
        if (!Files.exists(path)) {
            return null;
        }
        try {
            Entry entry = StateFiles.read(path, Entry.class);
            return entry.size == size && entry.modified == modified ? entry.outcome : null;
        } catch (StateFiles.DamagedException e) {
            // Unverified state never spares a file: it is sent again (writes are idempotent).
            LOG.warn("{}; set aside as {}, the file is handled as new", e.getMessage(),
                     StateFiles.setAside(path).getFileName());
            return null;
        }
    }

    private void forgetOld() throws IOException {
        long before = System.currentTimeMillis() - KEPT.toMillis();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.settled.json")) {
            for (Path p : files) {
                if (Files.getLastModifiedTime(p).toMillis() < before) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private Path path(String file) {
        return directory.resolve(file + ".settled.json");
    }
}
