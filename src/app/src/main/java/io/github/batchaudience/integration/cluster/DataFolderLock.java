package io.github.batchaudience.integration.cluster;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.camel.CamelContext;

/**
 * One instance per data folder unless the cluster settings say otherwise: two instances started
 * by mistake on one folder would both take its files and keep state the other does not see. The
 * lock is the operating system's on {@code DATA/.instance.lock}: released when the instance
 * stops, and when its process dies, however it dies, so a stale lock never needs clearing.
 */
public final class DataFolderLock implements AutoCloseable {
    static final String FILE = ".instance.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the data folder of this configuration, or returns null when instances share it on
     * purpose (batch.cluster.enabled).
     *
     * @throws IllegalStateException when another instance holds it, saying how to run several
     */
    public static DataFolderLock take(CamelContext camel) throws IOException {
        if (Boolean.parseBoolean(camel.resolvePropertyPlaceholders("{{batch.cluster.enabled:false}}"))) {
            return null;
        }
        Path folder = Path.of(camel.resolvePropertyPlaceholders("{{batch.data}}")).toAbsolutePath();
        Files.createDirectories(folder);
        Path file = folder.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("the data folder " + folder + " is in use by another instance (it holds "
                                            + file + "). One instance per data folder: to run several, set"
                                            + " batch.cluster.enabled=true with a cluster service (see"
                                            + " docs/scale-out.md); else stop the other instance first.");
        }
        return new DataFolderLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
