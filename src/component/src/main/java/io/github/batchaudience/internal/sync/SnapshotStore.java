package io.github.batchaudience.internal.sync;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.github.batchaudience.SnapshotRepository;
import io.github.batchaudience.model.IdType;

/**
 * Snapshots of what sync last applied, one per (base URL, app key, audience), kept by a
 * {@link SnapshotRepository} under a key that carries a SHA-256 fingerprint of those three,
 * never a key. A snapshot is sorted text: a header line with the ID type, then
 * {@code id TAB members} lines in strictly increasing ID order, then a trailer with their count
 * and the SHA-256 of those lines. A reader checks all of it as it goes: a snapshot that is cut
 * short, cut mid-line, out of order or altered is reported damaged ({@link Snapshot#problem()})
 * and never read further, so that no difference is computed from it.
 *
 * <p>A new snapshot is written in full, and made durable, beside the old one before anything is
 * sent ({@link SnapshotWriter#prepare()}), and put in its place only when the caller commits it.
 */
public final class SnapshotStore {
    static final String MAGIC = "#batch-audience-snapshot v2";
    private static final String TYPE = " idType=";
    private static final String TRAILER = "#end count=";
    private static final String CHECKSUM = " sha256=";

    private final SnapshotRepository repository;
    private final String fingerprintSeed;

    /** @param account the app's key, or the project's (snapshots are kept per server and account) */
    public SnapshotStore(SnapshotRepository repository, String baseUrl, String account) {
        this.repository = repository;
        this.fingerprintSeed = baseUrl + "\n" + account + "\n";
    }

    /** The repository's key of the audience's snapshot. */
    String keyOf(String audience) {
        byte[] hash = sha256().digest((fingerprintSeed + audience).getBytes(StandardCharsets.UTF_8));
        return audience + "." + HexFormat.of().formatHex(hash, 0, 8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Holds the audience's snapshot alone, across every instance sharing the repository, until closed. */
    SnapshotRepository.Lock lock(String audience) throws IOException {
        return repository.lock(keyOf(audience));
    }

    /**
     * The audience's snapshot, or null when there is none. A snapshot whose header is not this
     * version's is returned damaged, with the reason.
     */
    Snapshot open(String audience) throws IOException {
        SnapshotRepository.Stored stored = repository.find(keyOf(audience));
        if (stored == null) {
            return null;
        }
        String location = stored.location();
        long lastModified = stored.lastModified();
        BufferedReader in = new BufferedReader(new InputStreamReader(stored.open(), StandardCharsets.UTF_8));
        try {
            String header = in.readLine();
            if (header == null || !header.startsWith(MAGIC + TYPE)) {
                in.close();
                return Snapshot.damaged(location, lastModified, header == null ? "it is empty"
                        : header.startsWith("#batch-audience-snapshot")
                                ? "it was written by an earlier version, without a checksum"
                                : "its first line is not a snapshot header");
            }
            IdType idType = IdType.fromApi(header.substring(MAGIC.length() + TYPE.length()).trim());
            if (idType == null) {
                in.close();
                return Snapshot.damaged(location, lastModified, "its header names no known ID type");
            }
            return new Snapshot(location, lastModified, in, idType);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    SnapshotWriter create(String audience, IdType idType) throws IOException {
        return new SnapshotWriter(repository.create(keyOf(audience)), idType);
    }

    /**
     * Whether the last sync of the audience was cut off after it began to send (its new snapshot
     * was left behind by a process that died): then a drift is its own doing, not someone else's.
     */
    boolean wasInterrupted(String audience) throws IOException {
        return repository.wasInterrupted(keyOf(audience));
    }

    /**
     * A snapshot being read, line by line, in ID order, and checked while it is: its lines must
     * be well-formed and in order, and end with a trailer that matches their count and checksum.
     */
    static final class Snapshot implements Closeable {
        final String location;
        final long lastModified;
        final IdType idType;
        private final BufferedReader in;
        private final MessageDigest digest = sha256();
        private long lines;
        private String lastId;
        private String problem;
        private boolean verified;

        private Snapshot(String location, long lastModified, BufferedReader in, IdType idType) {
            this.location = location;
            this.lastModified = lastModified;
            this.in = in;
            this.idType = idType;
        }

        static Snapshot damaged(String location, long lastModified, String problem) {
            Snapshot snapshot = new Snapshot(location, lastModified, null, null);
            snapshot.problem = problem;
            return snapshot;
        }

        /**
         * The next {@code id TAB members} line, or null at the end, also when the snapshot turns
         * out damaged: then {@link #problem()} says why.
         */
        String nextLine() throws IOException {
            if (problem != null || verified) {
                return null;
            }
            String line = in.readLine();
            long number = lines + 2;
            if (line == null) {
                return fail("it ends at line " + number + " without its trailer (cut short?)");
            }
            if (line.startsWith(TRAILER)) {
                checkTrailer(line, number);
                return null;
            }
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                return fail("line " + number + " is not an ID and its members (cut mid-line?)");
            }
            String id = line.substring(0, tab);
            if (lastId != null && id.compareTo(lastId) <= 0) {
                return fail("line " + number + " is out of order");
            }
            lastId = id;
            lines++;
            digest.update(line.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            return line;
        }

        private void checkTrailer(String line, long number) throws IOException {
            int at = line.indexOf(CHECKSUM);
            String count = at < 0 ? "" : line.substring(TRAILER.length(), at);
            String expected = at < 0 ? "" : line.substring(at + CHECKSUM.length()).trim();
            if (!count.equals(Long.toString(lines))) {
                fail("its trailer (line " + number + ") counts " + (count.isEmpty() ? "nothing" : count) + " IDs, "
                     + lines + " were read");
            } else if (!expected.equals(HexFormat.of().formatHex(digest.digest()))) {
                fail("its checksum does not match its content (altered?)");
            } else if (in.readLine() != null) {
                fail("it goes on after its trailer (line " + number + ")");
            } else {
                verified = true;
            }
        }

        private String fail(String why) {
            problem = why;
            return null;
        }

        /** How many IDs were read; the snapshot's size once it is {@link #isVerified() verified}. */
        long count() {
            return lines;
        }

        /** Read to its trailer, and whole. */
        boolean isVerified() {
            return verified;
        }

        /** Why the snapshot cannot be trusted, or null as far as it has been read. */
        String problem() {
            return problem;
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }

    /** A new snapshot, invisible until {@link #commit()}; never kept after a failure. */
    static final class SnapshotWriter implements Closeable {
        private final SnapshotRepository.Pending pending;
        private final BufferedWriter out;
        private final MessageDigest digest = sha256();
        private long count;

        SnapshotWriter(SnapshotRepository.Pending pending, IdType idType) throws IOException {
            this.pending = pending;
            this.out = new BufferedWriter(new OutputStreamWriter(pending.output(), StandardCharsets.UTF_8));
            try {
                out.write(MAGIC + TYPE + idType.name());
                out.write('\n');
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        void write(String id, String members) throws IOException {
            String line = id + '\t' + members;
            out.write(line);
            out.write('\n');
            digest.update(line.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            count++;
        }

        /** Writes the trailer and makes the whole snapshot durable: what commit will put in place is ready. */
        void prepare() throws IOException {
            out.write(TRAILER + count + CHECKSUM + HexFormat.of().formatHex(digest.digest()));
            out.write('\n');
            out.flush();
            pending.prepare();
        }

        /** Puts the prepared snapshot in the place of the old one, durably. */
        void commit() throws IOException {
            pending.commit();
        }

        @Override
        public void close() throws IOException {
            pending.close();
        }
    }
}
