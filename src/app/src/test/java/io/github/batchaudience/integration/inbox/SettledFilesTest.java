package io.github.batchaudience.integration.inbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;

import io.github.batchaudience.integration.state.StateBackend;
import io.github.batchaudience.integration.state.StateSetup;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settled records older than a week are forgotten, on a schedule (the first file settled, then
 * once an hour), not by a look at every record for each file settled.
 */
class SettledFilesTest {
    private final Path state = Path.of("target/settled-files-test").toAbsolutePath();
    private final Path settledFolder = state.resolve("settled");
    private final SettledFiles settled = new SettledFiles();
    private Instant now = Instant.parse("2026-12-01T10:00:00Z");

    @BeforeEach
    void fresh() throws Exception {
        if (Files.exists(state)) {
            try (var paths = Files.walk(state)) {
                paths.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Properties settings = new Properties();
            settings.setProperty("batch.state", state.toString());
            camel.getPropertiesComponent().setInitialProperties(settings);
            StateSetup.configure(camel);
            settled.setState(camel.getRegistry().lookupByNameAndType(StateSetup.BEAN, StateBackend.class));
        }
        settled.setClock(Clock.fixed(now, ZoneOffset.UTC));
    }

    private void ageRecordOf(String file, Duration age) throws Exception {
        Files.setLastModifiedTime(settledFolder.resolve(file + ".settled.json"), FileTime.from(now.minus(age)));
    }

    private void advance(Duration by) {
        now = now.plus(by);
        settled.setClock(Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void oldRecordsArePrunedAtTheFirstFileThenOnlyOnceAnHour() throws Exception {
        settled.record("old-1.update.csv", 3, 1, "done", null, null);
        ageRecordOf("old-1.update.csv", Duration.ofDays(8));

        settled.record("a.update.csv", 3, 1, "done", null, null);
        // Pruned with the first file settled, before the old one was aged: still there.
        assertThat(settled.outcomeOf("old-1.update.csv", 3, 1)).isEqualTo("done");

        advance(Duration.ofMinutes(59));
        settled.record("b.update.csv", 3, 1, "done", null, null);
        assertThat(settled.outcomeOf("old-1.update.csv", 3, 1)).as("not pruned within the hour").isEqualTo("done");

        advance(Duration.ofMinutes(2));
        ageRecordOf("old-1.update.csv", Duration.ofDays(8));
        settled.record("c.update.csv", 3, 1, "done", null, null);
        assertThat(settled.outcomeOf("old-1.update.csv", 3, 1)).as("pruned an hour later").isNull();
        assertThat(settled.outcomeOf("a.update.csv", 3, 1)).isEqualTo("done");
        assertThat(settled.outcomeOf("c.update.csv", 3, 1)).isEqualTo("done");
    }
}
