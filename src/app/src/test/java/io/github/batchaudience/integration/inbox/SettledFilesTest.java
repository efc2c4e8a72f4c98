package io.github.batchaudience.integration.inbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.github.batchaudience.integration.state.StateRecords;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SettledFilesTest {
    /** Records in memory, counting the prunes (each of which lists the whole history). */
    private static final class CountingRecords implements StateRecords {
        final Map<String, Object> values = new HashMap<>();
        final List<Long> prunes = new ArrayList<>();

        @Override
        public void put(String name, Object value) {
            values.put(name, value);
        }

        @Override
        public <T> T get(String name, Class<T> type) {
            return type.cast(values.get(name));
        }

        @Override
        public List<String> names() {
            return new ArrayList<>(values.keySet());
        }

        @Override
        public void remove(String name) {
            values.remove(name);
        }

        @Override
        public void removeWrittenBefore(long epochMillis) {
            prunes.add(epochMillis);
        }
    }

    @Test
    void manySettledFilesPruneTheHistoryOnceAnHourNotOncePerFile() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000_000_000L);
        CountingRecords records = new CountingRecords();
        SettledFiles settled = new SettledFiles(now::get);
        settled.setRecords(records);

        for (int i = 0; i < 1_000; i++) {
            settled.record("f" + i + ".csv", i, i, "done");
            now.addAndGet(1_000);
        }
        assertThat(records.prunes).hasSize(1);
        assertThat(settled.outcomeOf("f999.csv", 999, 999)).isEqualTo("done");

        now.addAndGet(SettledFiles.PRUNE_EVERY.toMillis());
        settled.record("late.csv", 1, 1, "done");
        assertThat(records.prunes).hasSize(2);
    }
}
