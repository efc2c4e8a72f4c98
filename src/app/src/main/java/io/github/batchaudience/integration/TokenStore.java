package io.github.batchaudience.integration;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexing tokens of each file whose writes are not all applied yet, one JSON file per
 * inbox file in the state folder, so that status polling resumes after a restart. An entry is
 * written before the inbox file is moved to done, and removed once every token is applied.
 * Each file carries a checksum ({@link StateFiles}); a damaged one is set aside, with a WARN
 * and an alert naming it, and the others go on.
 */
public final class TokenStore {
    private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);

    private Path directory;
    private Alerts alerts;

    public TokenStore() {
        this(Path.of("data/state/tokens"));
    }

    public TokenStore(Path directory) {
        this.directory = directory;
    }

    /** The folder this lives in (created when first written). */
    public void setDirectory(String directory) {
        this.directory = Path.of(directory);
    }

    /** Where a damaged tokens file is reported. */
    public void setAlerts(Alerts alerts) {
        this.alerts = alerts;
    }

    /** What is still awaited for one file. */
    public static final class Entry {
        public String file;
        public String audience;
        public String idType;
        public List<String> pending = new ArrayList<>();
        public String lastState;
        /** Epoch milliseconds. */
        public long registeredAt;
        public boolean alerted;
    }

    public void register(String file, String audience, String idType, List<String> tokens) throws IOException {
        Entry entry = new Entry();
        entry.file = file;
        entry.audience = audience;
        entry.idType = idType;
        entry.pending = new ArrayList<>(tokens);
        entry.registeredAt = System.currentTimeMillis();
        save(entry);
    }

    /** Every file with tokens still pending, oldest first. */
    public List<Entry> pending() throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return entries;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.tokens.json")) {
            for (Path path : files) {
                Entry entry = read(path);
                if (entry != null) {
                    entries.add(entry);
                }
            }
        }
        entries.sort((a, b) -> Long.compare(a.registeredAt, b.registeredAt));
        return entries;
    }

    public Entry get(String file) throws IOException {
        Path path = path(file);
        return Files.exists(path) ? read(path) : null;
    }

    /** The entry, or null when the file is damaged: then it is set aside and reported. */
    private Entry read(Path path) throws IOException {
        try {
            return StateFiles.read(path, Entry.class);
        } catch (StateFiles.DamagedException e) {
            Path aside = StateFiles.setAside(path);
            String file = path.getFileName().toString().replaceFirst("\\.tokens\\.json$", "");
            String message = "the indexing tokens of " + file + " cannot be trusted: " + e.getMessage()
                             + "; set aside as " + aside.getFileName() + ", its report stays PENDING_INDEXING"
                             + " (check the audience)";
            LOG.warn("{}", message);
            if (alerts != null) {
                alerts.raise(Alerts.STATE_DAMAGED, file, message);
            }
            return null;
        }
    }

    public void save(Entry entry) throws IOException {
        StateFiles.write(path(entry.file), entry);
    }

    public void remove(String file) throws IOException {
        Files.deleteIfExists(path(file));
    }

    private Path path(String file) {
        return directory.resolve(file + ".tokens.json");
    }
}
