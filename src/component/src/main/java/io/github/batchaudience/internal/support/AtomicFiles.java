package io.github.batchaudience.internal.support;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files that must never be seen half-written (snapshots, reports, the token store): written
 * beside their target, forced to disk, then renamed over it. A crash leaves the old file or the
 * new one, never a mix. The app's state files and the component's snapshot files share it.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** What goes into the file; the stream may be closed by the writer or not. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, Content content) throws IOException {
        write(target, content, true);
    }

    /**
     * As {@link #write}, without forcing anything to disk: still never seen half-written, and
     * kept through a killed process, but an operating system crash may lose it (or leave the
     * earlier one). For files whose truth is kept elsewhere, durably, to be rebuilt from it.
     */
    public static void replace(Path target, Content content) throws IOException {
        write(target, content, false);
    }

    private static void write(Path target, Content content, boolean force) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + target.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                                        StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(channel);
                content.writeTo(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        // The channel must stay open until it is forced to disk.
                        flush();
                    }
                });
                if (force) {
                    channel.force(true);
                }
            }
            if (force) {
                moveIntoPlace(tmp, target);
            } else {
                rename(tmp, target);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Renames a complete, already forced file over its target, and makes the rename durable. */
    public static void moveIntoPlace(Path complete, Path target) throws IOException {
        rename(complete, target);
        try (FileChannel dir = FileChannel.open(target.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // Some platforms cannot open a directory; the rename itself is still atomic.
        }
    }

    private static void rename(Path complete, Path target) throws IOException {
        try {
            Files.move(complete, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(complete, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
