package io.github.batchaudience.internal.batching;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.github.batchaudience.model.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every element added comes back once, in its partition, in the order added, with its action,
 * line and members intact, whether the partition stayed in memory or was spilled to disk; the
 * spill files are gone once read.
 */
class OperationSpoolTest {
    private static final Path SPILLS = Paths.get("target", "spool-test");

    @ParameterizedTest
    @ValueSource(longs = {1L << 30, 512})
    void everyElementComesBackInOrderWithItsParts(long budget) throws IOException {
        int n = 5_000;
        try (OperationSpool spool = new OperationSpool(budget, SPILLS)) {
            for (int i = 0; i < n; i++) {
                byte[] members = ("\"id\":\"u" + i + "\"").getBytes(StandardCharsets.UTF_8);
                // Padding around the slice: only the slice may be kept.
                byte[] padded = new byte[members.length + 4];
                System.arraycopy(members, 0, padded, 2, members.length);
                TestRows.accept(spool, "u" + (i % 4_000), i % 3 == 0 ? Action.REMOVE : Action.ADD, i + 1, padded, 2,
                        members.length);
            }
            assertThat(spool.count()).isEqualTo(n);

            List<Element> all = new ArrayList<>();
            for (int p = 0; p < OperationSpool.PARTITIONS; p++) {
                List<Element> partition = spool.take(p);
                for (int k = 1; k < partition.size(); k++) {
                    assertThat(partition.get(k).line).isGreaterThan(partition.get(k - 1).line);
                }
                all.addAll(partition);
            }
            assertThat(all).hasSize(n);
            all.sort((a, b) -> Long.compare(a.line, b.line));
            for (int i = 0; i < n; i++) {
                Element e = all.get(i);
                assertThat(e.line).isEqualTo(i + 1);
                assertThat(e.id).isEqualTo("u" + (i % 4_000));
                assertThat(e.action).isEqualTo(i % 3 == 0 ? Action.REMOVE : Action.ADD);
                assertThat(new String(e.members(), StandardCharsets.UTF_8)).isEqualTo("\"id\":\"u" + i + "\"");
            }
            if (budget < 1024) {
                try (Stream<Path> left = Files.list(SPILLS)) {
                    assertThat(left.filter(f -> f.getFileName().toString().startsWith("batch-audience-spool")))
                            .isEmpty();
                }
            }
        }
    }

    @Test
    void aPartitionTakenIsEmptyAfter() throws IOException {
        try (OperationSpool spool = new OperationSpool(1L << 20, SPILLS)) {
            TestRows.accept(spool, "x", Action.ADD, 1, new byte[] {'1'}, 0, 1);
            int partition = 0;
            while (spool.take(partition).isEmpty()) {
                partition++;
            }
            assertThat(spool.take(partition)).isEmpty();
        }
    }
}
