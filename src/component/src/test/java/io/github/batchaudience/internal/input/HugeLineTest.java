package io.github.batchaudience.internal.input;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.batchaudience.InputFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 1 GB line between two valid rows: the line is rejected with its number, never buffered
 * (the stream is generated, so a reader that kept it would run out of the test JVM's heap or
 * take far longer), and the rows around it are read.
 */
class HugeLineTest {
    private static final long ONE_GB = 1L << 30;

    @Test
    void aOneGigabyteLineIsRejectedAndTheRowsAroundItAreKept() throws Exception {
        for (InputFormat format : List.of(InputFormat.csv, InputFormat.jsonl)) {
            String before = format == InputFormat.csv ? "id\nok-1\n" : "{\"id\":\"ok-1\"}\n";
            String after = format == InputFormat.csv ? "\nok-2\n" : "\n{\"id\":\"ok-2\"}\n";
            InputStream in = new SequenceInputStream(new ByteArrayInputStream(bytes(before)),
                    new SequenceInputStream(new RepeatedByte('x', ONE_GB), new ByteArrayInputStream(bytes(after))));
            List<String> accepted = new ArrayList<>();
            List<String> rejected = new ArrayList<>();
            try (OperationSource source = OperationSources.open(in, format, "huge." + format)) {
                for (InputRow row = source.next(); row != null; row = source.next()) {
                    if (row.operation() != null) {
                        accepted.add(row.operation().getId());
                    } else {
                        rejected.add(row.line() + ": " + row.reason());
                    }
                }
            }
            assertThat(accepted).as(format.name()).containsExactly("ok-1", "ok-2");
            int hugeLine = format == InputFormat.csv ? 3 : 2;
            assertThat(rejected).as(format.name()).hasSize(1);
            assertThat(rejected.get(0)).startsWith(hugeLine + ": ").contains("longer");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code count} copies of one byte, generated as read. */
    private static final class RepeatedByte extends InputStream {
        private final byte value;
        private long left;

        RepeatedByte(char value, long count) {
            this.value = (byte) value;
            this.left = count;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return value;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            Arrays.fill(b, off, off + n, value);
            left -= n;
            return n;
        }
    }
}
