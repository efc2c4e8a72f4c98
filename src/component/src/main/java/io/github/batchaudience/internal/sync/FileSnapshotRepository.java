package io.github.batchaudience.internal.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

import io.github.batchaudience.SnapshotRepository;
import io.github.batchaudience.internal.support.AtomicFiles;

/**
 * The default repository: a file per key in {@code STATE/snapshots}, a new one written beside it
 * as a hidden temporary file, forced to disk, and renamed over it on commit. The lock is this
 * JVM's: instances that share a folder are not kept apart by it (a shared repository is).
 */
public final class FileSnapshotRepository implements SnapshotRepository {
    private static final ConcurrentMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path directory;

    public FileSnapshotRepository(Path stateDirectory) {
        this.directory = stateDirectory.resolve("snapshots");
    }

    Path pathOf(String key) {
        return directory.resolve(key + ".snapshot");
    }

    private Path tmpOf(String key) {
        return directory.resolve("." + key + ".snapshot.tmp");
    }

    @Override
    public Stored find(String key) {
        Path path = pathOf(key);
        if (!Files.exists(path)) {
            return null;
        }
        return new Stored() {
            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(path);
            }

            @Override
            public long lastModified() throws IOException {
                return Files.getLastModifiedTime(path).toMillis();
            }

            @Override
            public String location() {
                return path.toString();
            }
        };
    }

    @Override
    public Pending create(String key) throws IOException {
        Files.createDirectories(directory);
        return new FilePending(tmpOf(key), pathOf(key));
    }

    @Override
    public boolean wasInterrupted(String key) {
        return Files.exists(tmpOf(key));
    }

    @Override
    public Lock lock(String key) {
        ReentrantLock lock = LOCKS.computeIfAbsent(pathOf(key).toAbsolutePath(), p -> new ReentrantLock());
        lock.lock();
        return lock::unlock;
    }

    private static final class FilePending implements Pending {
        private final Path tmp;
        private final Path target;
        private final OutputStream out;
        private boolean prepared;
        private boolean done;

        FilePending(Path tmp, Path target) throws IOException {
            this.tmp = tmp;
            this.target = target;
            this.out = Files.newOutputStream(tmp);
        }

        @Override
        public OutputStream output() {
            return out;
        }

        @Override
        public void prepare() throws IOException {
            out.close();
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            prepared = true;
        }

        @Override
        public void commit() throws IOException {
            if (!prepared) {
                throw new IllegalStateException("a snapshot is committed once prepared");
            }
            AtomicFiles.moveIntoPlace(tmp, target);
            done = true;
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException ignored) {
                // A full disk fails the flush here too; the file is deleted below either way.
            } finally {
                if (!done) {
                    Files.deleteIfExists(tmp);
                }
            }
        }
    }
}
