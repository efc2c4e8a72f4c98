package io.github.batchaudience.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's input: install IDs, each with two attributes (an integer and a string) and a
 * tag, as the CSV the component reads. Every contender reads the same file; the ones written
 * by hand know its four columns. A project's audiences take no tags: their input has none.
 */
final class BenchInput {
    static final String HEADER = "id,score:int,city,tags";
    static final String PROJECT_HEADER = "id,score:int,city";

    private BenchInput() {
    }

    /** {@code ids} IDs; with {@code changed}, every 100th ID has another score (1% changed). */
    static void write(Path file, int ids, boolean changed, boolean tags) throws IOException {
        try (BufferedWriter out = new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16)) {
            out.write(tags ? HEADER : PROJECT_HEADER);
            out.write('\n');
            StringBuilder line = new StringBuilder(64);
            for (int i = 0; i < ids; i++) {
                int score = changed && i % 100 == 0 ? 5000 + i % 1000 : i % 1000;
                line.setLength(0);
                line.append("install-").append(i).append(',').append(score).append(",city-").append(i % 13);
                if (tags) {
                    line.append(",tag-").append(i % 7);
                }
                line.append('\n');
                out.append(line);
            }
        }
    }
}
