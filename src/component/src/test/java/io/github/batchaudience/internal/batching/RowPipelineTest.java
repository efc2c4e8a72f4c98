package io.github.batchaudience.internal.batching;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.batchaudience.internal.input.InputRow;
import io.github.batchaudience.internal.input.OperationSource;
import io.github.batchaudience.model.IdOperation;
import io.github.batchaudience.model.RejectedRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rows cross from the reading thread to the storing one in blocks of bytes: every row arrives,
 * in order, across many blocks; and a failure on either side is thrown as it would be on one
 * thread, the earlier row's first.
 */
class RowPipelineTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** Rows {@code u1, u2, …}; reading row {@code failAt} throws, when it is not 0. */
    private static OperationSource rows(int count, int failAt, AtomicInteger read) {
        return new OperationSource() {
            @Override
            public InputRow next() throws IOException {
                int n = read.incrementAndGet();
                if (n == failAt) {
                    throw new IOException("cannot read row " + n);
                }
                return n > count ? null : InputRow.accepted(n, IdOperation.add("u" + n));
            }

            @Override
            public String sourceName() {
                return "rows";
            }

            @Override
            public void close() {
            }
        };
    }

    private static RowPipeline.RowHandler serialised() {
        ElementWriter writer = new ElementWriter();
        return (row, block) -> writer.write(row.operation(), row.line(), block);
    }

    @Test
    void everyRowReachesTheSinkInOrderAcrossManyBlocks() throws Exception {
        int count = 50_000; // a few dozen blocks
        List<String> stored = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        new RowPipeline(executor).run(rows(count, 0, new AtomicInteger()), serialised(),
                (data, idOffset, idLength, action, line, membersOffset, membersLength) -> {
                    stored.add(new String(data, idOffset, idLength, StandardCharsets.UTF_8));
                    lines.add(line);
                });

        assertThat(stored).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(stored.get(i)).isEqualTo("u" + (i + 1));
            assertThat(lines.get(i)).isEqualTo(i + 1);
        }
    }

    @Test
    void aRowRefusedOnTheReadingSideIsThrownOnceTheRowsBeforeItAreStored() {
        List<String> stored = new ArrayList<>();
        ElementWriter writer = new ElementWriter();
        assertThatThrownBy(() -> new RowPipeline(executor).run(rows(50_000, 0, new AtomicInteger()), (row, block) -> {
            if (row.line() == 30_000) {
                throw new InvalidRowException("rows", new RejectedRow(row.line(), "u30000", "refused"));
            }
            writer.write(row.operation(), row.line(), block);
        }, (data, idOffset, idLength, action, line, membersOffset, membersLength) -> stored.add(
                new String(data, idOffset, idLength, StandardCharsets.UTF_8))))
                .isInstanceOf(InvalidRowException.class);

        assertThat(stored).hasSize(29_999).endsWith("u29999");
    }

    @Test
    void aFailureToStoreStopsTheReadingAndIsThrown() {
        AtomicInteger read = new AtomicInteger();
        assertThatThrownBy(() -> new RowPipeline(executor).run(rows(1_000_000, 0, read), serialised(),
                (data, idOffset, idLength, action, line, membersOffset, membersLength) -> {
                    if (line == 5_000) {
                        throw new IOException("disk full at row " + line);
                    }
                })).isInstanceOf(IOException.class).hasMessage("disk full at row 5000");

        // Reading stopped within the blocks in flight, far from the end.
        assertThat(read.get()).isLessThan(200_000);
    }

    @Test
    void aFailureToStoreAnEarlierRowWinsOverAFailureToReadALaterOne() {
        assertThatThrownBy(() -> new RowPipeline(executor).run(rows(50_000, 20_000, new AtomicInteger()), serialised(),
                (data, idOffset, idLength, action, line, membersOffset, membersLength) -> {
                    if (line == 10) {
                        throw new IOException("disk full at row " + line);
                    }
                })).isInstanceOf(IOException.class).hasMessage("disk full at row 10");
    }

    @Test
    void aFailureToReadIsThrownWhenEveryRowBeforeItWasStored() {
        AtomicInteger stored = new AtomicInteger();
        assertThatThrownBy(() -> new RowPipeline(executor).run(rows(50_000, 20_000, new AtomicInteger()), serialised(),
                (data, idOffset, idLength, action, line, membersOffset, membersLength) -> stored.incrementAndGet()))
                .isInstanceOf(IOException.class).hasMessage("cannot read row 20000");

        assertThat(stored.get()).isEqualTo(19_999);
    }
}
