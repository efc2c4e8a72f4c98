package io.github.batchaudience.internal.sync;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

import io.github.batchaudience.SnapshotRepository;
import io.github.batchaudience.internal.support.ByteInput;
import io.github.batchaudience.internal.support.ByteSink;
import io.github.batchaudience.model.IdType;

/**
 * Snapshots of what sync last applied, one per (base URL, app key, audience), kept by a
 * {@link SnapshotRepository} under a key that carries a SHA-256 fingerprint of those three,
 * never a key. A snapshot is sorted text: a header line with the ID type, then
 * {@code id TAB members} lines in strictly increasing order of the IDs' UTF-8 bytes (the sort's
 * order, compared without decoding), then a trailer with their count and the SHA-256 of those
 * lines. A snapshot of the version before (v2) is read as this one: its lines and checksum are
 * the same, and its order (by UTF-16 units) differs only for IDs beyond U+FFFF beside IDs in
 * U+E000-U+FFFF, which the order check then reports. A reader checks all of it as it goes: a snapshot that is cut
 * short, cut mid-line, out of order or altered is reported damaged ({@link Snapshot#problem()})
 * and never read further, so that no difference is computed from it.
 *
 * <p>A new snapshot is written in full, and made durable, beside the old one before anything is
 * sent ({@link SnapshotWriter#prepare()}), and put in its place only when the caller commits it.
 */
public final class SnapshotStore {
    static final String MAGIC = "#batch-audience-snapshot v3";
    /** Its lines are those of v3, but sorted by UTF-16 units: read as v3, it must be in v3's order too. */
    static final String MAGIC_V2 = "#batch-audience-snapshot v2";
    private static final byte[] TRAILER_BYTES = "#end count=".getBytes(StandardCharsets.US_ASCII);
    private static final int READ_BUFFER = 64 << 10;
    private static final int FLUSH_AT = 64 << 10;
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
        ByteInput in = new ByteInput(stored.open(), READ_BUFFER);
        try {
            int length = in.readLine();
            String header = length < 0 ? null : new String(in.line(), 0, length, StandardCharsets.UTF_8);
            String version = header == null ? null
                    : header.startsWith(MAGIC + TYPE) ? MAGIC : header.startsWith(MAGIC_V2 + TYPE) ? MAGIC_V2 : null;
            if (version == null) {
                in.close();
                return Snapshot.damaged(location, lastModified, header == null ? "it is empty"
                        : header.startsWith("#batch-audience-snapshot")
                                ? "it was written by an earlier version, without a checksum"
                                : "its first line is not a snapshot header");
            }
            IdType idType = IdType.fromApi(header.substring(version.length() + TYPE.length()).trim());
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
        private final ByteInput in;
        private final MessageDigest digest = sha256();
        private long lines;
        private byte[] lastId = new byte[64];
        private int lastIdLength = -1;
        private byte[] line;
        private int lineLength;
        private int idLength;
        private String problem;
        private boolean verified;

        private Snapshot(String location, long lastModified, ByteInput in, IdType idType) {
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
         * Moves to the next {@code id TAB members} line; false at the end, also when the snapshot
         * turns out damaged: then {@link #problem()} says why.
         */
        boolean next() throws IOException {
            if (problem != null || verified) {
                return false;
            }
            int length = in.readLine();
            long number = lines + 2;
            if (length < 0) {
                return fail("it ends at line " + number + " without its trailer (cut short?)");
            }
            byte[] bytes = in.line();
            if (Arrays.equals(bytes, 0, Math.min(length, TRAILER_BYTES.length), TRAILER_BYTES, 0, TRAILER_BYTES.length)) {
                checkTrailer(new String(bytes, 0, length, StandardCharsets.UTF_8), number);
                return false;
            }
            int tab = 0;
            while (tab < length && bytes[tab] != '\t') {
                tab++;
            }
            if (tab == 0 || tab == length) {
                return fail("line " + number + " is not an ID and its members (cut mid-line?)");
            }
            if (lastIdLength >= 0 && Arrays.compareUnsigned(bytes, 0, tab, lastId, 0, lastIdLength) <= 0) {
                return fail("line " + number + " is out of order");
            }
            if (lastId.length < tab) {
                lastId = new byte[Math.max(tab, lastId.length * 2)];
            }
            System.arraycopy(bytes, 0, lastId, 0, tab);
            lastIdLength = tab;
            lines++;
            digest.update(bytes, 0, length);
            digest.update((byte) '\n');
            line = bytes;
            lineLength = length;
            idLength = tab;
            return true;
        }

        /** The current line's bytes: its ID, a tab, its members; valid until the next {@link #next()}. */
        byte[] line() {
            return line;
        }

        int idLength() {
            return idLength;
        }

        int lineLength() {
            return lineLength;
        }

        /** The current line's ID. */
        String id() {
            return new String(line, 0, idLength, StandardCharsets.UTF_8);
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
            } else if (in.readLine() >= 0) {
                fail("it goes on after its trailer (line " + number + ")");
            } else {
                verified = true;
            }
        }

        private boolean fail(String why) {
            problem = why;
            return false;
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
        private final OutputStream out;
        private final ByteSink buffer = new ByteSink(FLUSH_AT + 1024);
        private final MessageDigest digest = sha256();
        private long count;

        SnapshotWriter(SnapshotRepository.Pending pending, IdType idType) throws IOException {
            this.pending = pending;
            this.out = pending.output();
            buffer.write((MAGIC + TYPE + idType.name() + "\n").getBytes(StandardCharsets.UTF_8));
        }

        /** Adds the member's line: its ID, a tab, its members. */
        void write(SortRecord member) throws IOException {
            int start = buffer.size();
            buffer.write(member.data, member.idOffset, member.idLength);
            buffer.write('\t');
            buffer.write(member.data, member.membersOffset, member.membersLength);
            buffer.write('\n');
            digest.update(buffer.bytes(), start, buffer.size() - start);
            count++;
            if (buffer.size() >= FLUSH_AT) {
                buffer.writeTo(out);
                buffer.reset();
            }
        }

        /** Writes the trailer and makes the whole snapshot durable: what commit will put in place is ready. */
        void prepare() throws IOException {
            buffer.write((TRAILER + count + CHECKSUM + HexFormat.of().formatHex(digest.digest()) + "\n")
                                 .getBytes(StandardCharsets.UTF_8));
            buffer.writeTo(out);
            buffer.reset();
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
