package io.github.batchaudience.internal.sync;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import com.google.code.externalsorting.ExternalSort;
import io.github.batchaudience.internal.batching.Element;
import io.github.batchaudience.internal.batching.ElementStream;
import io.github.batchaudience.internal.batching.RowSink;
import io.github.batchaudience.model.Action;

/**
 * The desired audience of a sync, sorted by ID and de-duplicated on disk with a fixed memory
 * budget, whatever the input's size. Rows are written as text lines
 * {@code id TAB line TAB action TAB members}: IDs hold no control character and Jackson escapes
 * them in JSON, so a tab can only be a separator, and since it sorts before every character an
 * ID may hold, sorting whole lines sorts by ID, then by input line (fixed width). The last row of
 * an ID wins; an ID whose last row is a remove is not a member.
 */
public final class SortedMembers implements RowSink, Closeable {
    private static final Comparator<String> ORDER = Comparator.naturalOrder();
    private static final int LINE_DIGITS = 19;

    private final Path directory;
    private final long memoryBudget;
    private final Path unsorted;
    private BufferedWriter writer;
    private Path sorted;

    SortedMembers(Path directory, long memoryBudget) throws IOException {
        this.directory = directory;
        this.memoryBudget = memoryBudget;
        this.unsorted = Files.createTempFile(directory, "sync-input", ".txt");
        this.writer = Files.newBufferedWriter(unsorted, StandardCharsets.UTF_8);
    }

    @Override
    public void accept(String id, Action action, long line, byte[] members, int offset, int length)
            throws IOException {
        writer.write(id);
        writer.write('\t');
        // The line number in 19 digits (String.format cost more than the rest of the row).
        String digits = Long.toString(line);
        for (int i = digits.length(); i < LINE_DIGITS; i++) {
            writer.write('0');
        }
        writer.write(digits);
        writer.write('\t');
        writer.write(action == Action.ADD ? 'a' : 'r');
        writer.write('\t');
        writer.write(new String(members, offset, length, StandardCharsets.UTF_8));
        writer.write('\n');
    }

    /** Sorts what was written; then {@link #members()} can be read, as often as needed. */
    void sort() throws IOException {
        writer.close();
        writer = null;
        File tmp = directory.toFile();
        List<File> runs;
        try (BufferedReader in = Files.newBufferedReader(unsorted, StandardCharsets.UTF_8)) {
            runs = ExternalSort.sortInBatch(in, Files.size(unsorted), ORDER, ExternalSort.DEFAULTMAXTEMPFILES,
                                            memoryBudget, StandardCharsets.UTF_8, tmp, false, 0, false, true);
        }
        Files.delete(unsorted);
        sorted = Files.createTempFile(directory, "sync-sorted", ".txt");
        ExternalSort.mergeSortedFiles(runs, sorted.toFile(), ORDER, StandardCharsets.UTF_8, false, false, false);
    }

    /** The members, by ID, each once. The caller closes the returned stream. */
    MemberReader members() throws IOException {
        return new MemberReader(Files.newBufferedReader(sorted, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
        }
        Files.deleteIfExists(unsorted);
        if (sorted != null) {
            Files.deleteIfExists(sorted);
        }
    }

    /** Reads the sorted lines and yields the winning row of each ID, skipping removed IDs. */
    static final class MemberReader implements ElementStream, Closeable {
        private final BufferedReader in;
        private String pending;

        MemberReader(BufferedReader in) throws IOException {
            this.in = in;
            this.pending = in.readLine();
        }

        @Override
        public Element next() throws IOException {
            while (pending != null) {
                String last = pending;
                String id = idOf(last);
                while ((pending = in.readLine()) != null && idOf(pending).equals(id)) {
                    last = pending;
                }
                int lineEnd = last.indexOf('\t', id.length() + 1);
                if (last.charAt(lineEnd + 1) == 'a') {
                    long line = Long.parseLong(last, id.length() + 1, lineEnd, 10);
                    byte[] members = last.substring(lineEnd + 3).getBytes(StandardCharsets.UTF_8);
                    return Element.of(id, Action.ADD, line, members);
                }
            }
            return null;
        }

        private static String idOf(String line) {
            return line.substring(0, line.indexOf('\t'));
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
