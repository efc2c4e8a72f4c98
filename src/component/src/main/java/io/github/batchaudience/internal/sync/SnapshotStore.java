package io.github.batchaudience.internal.sync;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.github.batchaudience.model.IdType;

/**
 * Snapshots of what sync last applied, one file per (base URL, app key, audience) under the state
 * directory. The file name carries a SHA-256 fingerprint of those three, never a key. A snapshot
 * is sorted text: a header line with the ID type and count, then {@code id TAB members} lines.
 * A new snapshot is written beside the old one and renamed over it atomically, and only when
 * the caller commits it.
 */
public final class SnapshotStore {
    static final String MAGIC = "#batch-audience-snapshot v1";
    private static final String COUNT = " count=";
    private static final int COUNT_WIDTH = 19;

    private final Path directory;
    private final String fingerprintSeed;

    public SnapshotStore(Path stateDirectory, String baseUrl, String apiKey) {
        this.directory = stateDirectory.resolve("snapshots");
        this.fingerprintSeed = baseUrl + "\n" + apiKey + "\n";
    }

    Path directory() throws IOException {
        return Files.createDirectories(directory);
    }

    Path pathOf(String audience) {
        return directory.resolve(audience + "." + fingerprint(audience) + ".snapshot");
    }

    private String fingerprint(String audience) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((fingerprintSeed + audience).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The audience's snapshot, or null when there is none (or it is unreadable: then sync replaces). */
    Snapshot open(String audience) throws IOException {
        Path path = pathOf(audience);
        if (!Files.exists(path)) {
            return null;
        }
        BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        String header = in.readLine();
        int at = header == null ? -1 : header.indexOf(COUNT);
        if (header == null || !header.startsWith(MAGIC) || at < 0) {
            in.close();
            return null;
        }
        String type = header.substring(header.indexOf("idType=") + 7, at);
        long count = Long.parseLong(header.substring(at + COUNT.length()).trim());
        return new Snapshot(in, IdType.fromApi(type), count);
    }

    SnapshotWriter create(String audience, IdType idType) throws IOException {
        Path target = pathOf(audience);
        Path tmp = directory().resolve(target.getFileName() + ".tmp");
        return new SnapshotWriter(tmp, target, idType);
    }

    /** A snapshot being read, line by line, in ID order. */
    static final class Snapshot implements Closeable {
        private final BufferedReader in;
        final IdType idType;
        final long count;

        Snapshot(BufferedReader in, IdType idType, long count) {
            this.in = in;
            this.idType = idType;
            this.count = count;
        }

        /** The next {@code id TAB members} line, or null at the end. */
        String nextLine() throws IOException {
            return in.readLine();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** A new snapshot, invisible until {@link #commit()}. */
    static final class SnapshotWriter implements Closeable {
        private final Path tmp;
        private final Path target;
        private final BufferedWriter out;
        private final int countOffset;
        private long count;
        private boolean done;

        SnapshotWriter(Path tmp, Path target, IdType idType) throws IOException {
            this.tmp = tmp;
            this.target = target;
            this.out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
            String head = MAGIC + " idType=" + idType.name() + COUNT;
            this.countOffset = head.getBytes(StandardCharsets.UTF_8).length;
            out.write(head);
            out.write("0".repeat(COUNT_WIDTH));
            out.write('\n');
        }

        void write(String id, String members) throws IOException {
            out.write(id);
            out.write('\t');
            out.write(members);
            out.write('\n');
            count++;
        }

        /** Writes the count, forces the file to disk and renames it over the old snapshot. */
        void commit() throws IOException {
            out.close();
            try (RandomAccessFile file = new RandomAccessFile(tmp.toFile(), "rw")) {
                file.seek(countOffset);
                file.write(String.format("%0" + COUNT_WIDTH + "d", count).getBytes(StandardCharsets.US_ASCII));
                file.getFD().sync();
            }
            moveIntoPlace(tmp, target);
            done = true;
        }

        @Override
        public void close() throws IOException {
            out.close();
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Renames a complete, already forced file over its target, and makes the rename durable. */
    private static void moveIntoPlace(Path complete, Path target) throws IOException {
        try {
            Files.move(complete, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(complete, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel dir = FileChannel.open(target.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // Some platforms cannot open a directory; the rename itself is still atomic.
        }
    }
}
