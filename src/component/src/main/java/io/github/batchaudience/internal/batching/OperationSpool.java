package io.github.batchaudience.internal.batching;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import io.github.batchaudience.internal.support.ByteSink;
import io.github.batchaudience.model.Action;

/**
 * Holds an exchange's validated elements between reading and sending, partitioned by a hash of
 * the ID so that every occurrence of an ID lands in the same partition. Duplicates can then be
 * resolved one partition at a time, which is what keeps memory flat for inputs far larger than
 * the heap (an ID added on line 2 and removed on line 9,000,000 meet in one partition). Small
 * inputs stay in memory; past the budget, partitions spill to temporary files.
 */
public final class OperationSpool implements RowSink, Closeable {
    static final int PARTITIONS = 128;

    private final long memoryBudget;
    private final Path directory;
    private final Partition[] partitions = new Partition[PARTITIONS];
    private long bytesInMemory;
    private long count;

    /**
     * @param memoryBudget bytes of records kept in memory before spilling to disk
     * @param directory    where spill files go (created on first spill); null for the JVM's temp directory
     */
    public OperationSpool(long memoryBudget, Path directory) {
        this.memoryBudget = memoryBudget;
        this.directory = directory;
        for (int i = 0; i < PARTITIONS; i++) {
            partitions[i] = new Partition();
        }
    }

    /**
     * A budget that suits the heap: a sixteenth of it, between 4 MB and 64 MB. Partitions grow by
     * doubling, so they may hold up to twice the budget; with an eighth, a 256 MB heap spent a
     * tenth more CPU on G1's collections, and held 60 MB more at its peak (docs/performance.md).
     */
    public static long defaultMemoryBudget() {
        return Math.max(4L << 20, Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 16));
    }

    @Override
    public void accept(byte[] data, int idOffset, int idLength, Action action, long line, int membersOffset,
                       int membersLength) throws IOException {
        Partition p = partitions[(hash(data, idOffset, idLength) & 0x7fffffff) % PARTITIONS];
        int before = p.buffer.size();
        ElementRecords.write(p.buffer, data, idOffset, idLength, action, line, data, membersOffset, membersLength);
        bytesInMemory += p.buffer.size() - before;
        p.count++;
        count++;
        if (bytesInMemory > memoryBudget) {
            spill();
        }
    }

    /** Any hash of the ID's bytes will do, as long as one ID always lands in one partition. */
    private static int hash(byte[] data, int offset, int length) {
        int h = 0;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + data[i];
        }
        return h;
    }

    /** How many elements were added (before duplicates are resolved). */
    public long count() {
        return count;
    }

    private void spill() throws IOException {
        for (Partition p : partitions) {
            if (p.buffer.size() == 0) {
                continue;
            }
            if (p.file == null) {
                p.file = directory == null ? Files.createTempFile("batch-audience-spool", ".bin")
                        : Files.createTempFile(Files.createDirectories(directory), "batch-audience-spool", ".bin");
            }
            try (OutputStream out = Files.newOutputStream(p.file, StandardOpenOption.APPEND)) {
                p.buffer.writeTo(out);
            }
            p.buffer.reset();
        }
        bytesInMemory = 0;
    }

    /**
     * The elements of partition {@code index}, in the order they were added. The partition is
     * emptied: its memory and spill file are let go as soon as it is read, not at the end.
     */
    List<Element> take(int index) throws IOException {
        Partition p = partitions[index];
        List<Element> out = new ArrayList<>(p.count);
        if (p.file != null) {
            byte[] spilled = Files.readAllBytes(p.file);
            decode(spilled, spilled.length, out);
            Files.delete(p.file);
            p.file = null;
        }
        // The elements point into the buffer's own array, which the partition lets go of below:
        // no copy of it is needed.
        decode(p.buffer.bytes(), p.buffer.size(), out);
        p.buffer = new ByteSink(0);
        p.count = 0;
        return out;
    }

    private static void decode(byte[] data, int length, List<Element> out) throws IOException {
        ElementRecords.read(data, length, (bytes, idOffset, idLength, action, line, membersOffset, membersLength) ->
                out.add(new Element(new String(bytes, idOffset, idLength, StandardCharsets.UTF_8), action, line, bytes,
                                    membersOffset, membersLength)));
    }

    @Override
    public void close() throws IOException {
        for (Partition p : partitions) {
            p.buffer = new ByteSink(0);
            if (p.file != null) {
                Files.deleteIfExists(p.file);
                p.file = null;
            }
        }
    }

    private static final class Partition {
        ByteSink buffer = new ByteSink(256);
        Path file;
        /** Elements added, spilled or not. */
        int count;
    }
}
