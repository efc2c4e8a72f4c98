package io.github.batchaudience.internal.sync;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.batchaudience.internal.batching.RowSink;
import io.github.batchaudience.model.Action;

/**
 * The desired audience of a sync, sorted by ID and de-duplicated with a fixed memory budget,
 * whatever the input's size. Rows are kept binary ({@link SortRecord}): a run of them is sorted in
 * memory; when the budget is full the run goes to a file, and the run files and the last run are
 * merged with a heap as they are read. Input that fits the budget never touches the disk. The last row of
 * an ID wins; an ID whose last row is a remove is not a member.
 */
public final class SortedMembers implements RowSink, Closeable {
    /** The most runs one merge reads at once (the last, in memory, among them): more are merged first. */
    static final int MAX_FAN_IN = 128;

    private final Path directory;
    private final long memoryBudget;
    private SortRun run;
    private final List<Path> runs = new ArrayList<>();

    SortedMembers(Path directory, long memoryBudget) {
        this.directory = directory;
        this.memoryBudget = memoryBudget;
        this.run = new SortRun(memoryBudget);
    }

    @Override
    public void accept(byte[] data, int idOffset, int idLength, Action action, long line, int membersOffset,
                       int membersLength) throws IOException {
        boolean add = action == Action.ADD;
        if (!run.add(data, idOffset, idLength, add, line, data, membersOffset, membersLength)) {
            spill();
            run.add(data, idOffset, idLength, add, line, data, membersOffset, membersLength);
        }
    }

    private void spill() throws IOException {
        run.sort();
        Path file = Files.createTempFile(directory, "sync-run", ".bin");
        runs.add(file);
        try (RunWriter out = new RunWriter(file)) {
            run.writeLastOfEachId(out);
        }
        run.clear();
    }

    /**
     * Sorts what was written; then {@link #members()} can be read, as often as needed. The last
     * run stays in memory, merged with the files at each reading rather than into one more file.
     */
    void sort() throws IOException {
        run.sort();
        while (runs.size() > MAX_FAN_IN - 1) {
            mergeOldest();
        }
    }

    /**
     * Merges the oldest run files into one, as few as bring them to what one merge reads at once
     * (at most that many), keeping their place: a later run's rows still win.
     */
    private void mergeOldest() throws IOException {
        List<Path> oldest = runs.subList(0, Math.min(MAX_FAN_IN, runs.size() - (MAX_FAN_IN - 1) + 1));
        Path file = Files.createTempFile(directory, "sync-run", ".bin");
        try (MergedRuns source = new MergedRuns(oldest, null, memoryBudget);
             MemberReader rows = new MemberReader(source, source, false);
             RunWriter out = new RunWriter(file)) {
            while (rows.advance()) {
                out.write(rows.member());
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        deleteRuns(oldest);
        runs.add(0, file);
    }

    private static void deleteRuns(List<Path> files) throws IOException {
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
        files.clear();
    }

    /** The members, by ID, each once. The caller closes the returned stream. */
    MemberReader members() throws IOException {
        if (runs.isEmpty()) {
            SortRun memory = run;
            int[] next = { 0 };
            return new MemberReader(record -> {
                if (next[0] == memory.size()) {
                    return false;
                }
                memory.decode(next[0]++, record);
                return true;
            }, () -> { }, true);
        }
        MergedRuns merged = new MergedRuns(runs, run, memoryBudget);
        try {
            return new MemberReader(merged, merged, true);
        } catch (IOException | RuntimeException e) {
            merged.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        run = null;
        deleteRuns(runs);
    }
}
