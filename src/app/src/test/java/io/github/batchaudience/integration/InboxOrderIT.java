package io.github.batchaudience.integration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorExtension;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files of an audience are applied in inbox order, whatever order Batch indexes them in: the
 * emulator here applies the writes of an audience accepted within one indexing window the last
 * first, so a file sent before the one before it is applied ends with the older values.
 */
class InboxOrderIT {
    @RegisterExtension
    static final BatchEmulatorExtension BATCH = IntegrationHarness.emulatorExtension();

    static BatchEmulator emulator;

    @TempDir
    Path data;

    @BeforeAll
    static void connect() {
        emulator = BATCH.emulator();
    }

    @BeforeEach
    void reorderingEmulator() {
        emulator.setIndexingDelayMs(150);
        emulator.setIndexingOrder(BatchEmulator.IndexingOrder.REVERSE);
    }

    /** Members m0 to m{count-1}, each with attribute gen. */
    private static String generation(int count, String gen) {
        return "id,gen\n" + IntStream.range(0, count).mapToObj(i -> "m" + i + "," + gen + "\n").collect(Collectors.joining());
    }

    private static Map<String, Object> genByMember(String audience) {
        Map<String, Object> out = new HashMap<>();
        emulator.members(audience).forEach(m -> out.put(m.id(), m.attributes().get("gen")));
        return out;
    }

    private static Map<String, String> installIds(String... audiences) {
        Map<String, String> settings = new HashMap<>();
        for (String audience : audiences) {
            settings.put("batch.audience." + audience + ".id-type", "install_ids");
        }
        return settings;
    }

    @Test
    void manyFilesOfManyAudiencesEachEndWithItsLastFile() throws Exception {
        String[] audiences = IntStream.range(0, 6).mapToObj(a -> "ord" + a).toArray(String[]::new);
        Path inbox = Files.createDirectories(data.resolve("inbox"));
        for (String audience : audiences) {
            for (int gen = 1; gen <= 5; gen++) {
                Files.writeString(inbox.resolve(audience + ".update.0" + gen + ".csv"), generation(30, "g" + gen));
            }
        }
        try (IntegrationHarness it = new IntegrationHarness(emulator, data, true, installIds(audiences)).start()) {
            int exit = it.awaitExit();
            assertThat(it.printed()).contains("All 30 file(s) DONE.");
            assertThat(exit).isZero();
        }
        for (String audience : audiences) {
            assertThat(genByMember(audience)).as(audience).hasSize(30);
            assertThat(Set.copyOf(genByMember(audience).values())).as(audience).containsExactly("g5");
        }
    }

    @Test
    void updateThenSyncThenUpdateOfOneAudience() throws Exception {
        Path inbox = Files.createDirectories(data.resolve("inbox"));
        Files.writeString(inbox.resolve("mix.update.01.csv"), generation(20, "u1"));
        Files.writeString(inbox.resolve("mix.sync.02.csv"), generation(15, "s2"));
        Files.writeString(inbox.resolve("mix.update.03.csv"), generation(10, "u3"));
        try (IntegrationHarness it = new IntegrationHarness(emulator, data, true, installIds("mix")).start()) {
            assertThat(it.awaitExit()).as(it.printed()).isZero();
        }
        Map<String, Object> members = genByMember("mix");
        assertThat(members).hasSize(15);
        IntStream.range(0, 10).forEach(i -> assertThat(members.get("m" + i)).as("m" + i).isEqualTo("u3"));
        IntStream.range(10, 15).forEach(i -> assertThat(members.get("m" + i)).as("m" + i).isEqualTo("s2"));
    }

    /** Name order would put every sync of an audience before every update; the stamps say otherwise. */
    @Test
    void filesOfOneAudienceFollowTheirStampsAcrossOperations() throws Exception {
        Path inbox = Files.createDirectories(data.resolve("inbox"));
        Files.writeString(inbox.resolve("stamped.update.2026-12-01.csv"), "id,gen\na,update\nc,update\n");
        Files.writeString(inbox.resolve("stamped.sync.2026-12-02.csv"), "id,gen\na,sync\nb,sync\n");
        try (IntegrationHarness it = new IntegrationHarness(emulator, data, true, installIds("stamped")).start()) {
            assertThat(it.awaitExit()).as(it.printed()).isZero();
        }
        assertThat(genByMember("stamped")).isEqualTo(Map.of("a", "sync", "b", "sync"));
    }

    /**
     * A run stopped while its file's writes are still indexing leaves their tokens in the state; the
     * next run (a new component, which never saw them) waits for them before it sends the next file.
     */
    @Test
    void theNextRunWaitsForTheTokensAnEarlierRunLeft() throws Exception {
        // One window long enough for the second run to start and send within it, were it not waiting.
        emulator.setIndexingDelayMs(6_000);
        try (IntegrationHarness it = new IntegrationHarness(emulator, data, false, installIds("restart")).start()) {
            it.drop("restart.update.01.csv", generation(10, "first"));
            it.awaitReport("restart.update.01.csv", "PENDING_INDEXING");
        }
        assertThat(emulator.pendingWrites()).isEqualTo(1);
        Files.writeString(Files.createDirectories(data.resolve("inbox")).resolve("restart.update.02.csv"),
                          generation(10, "second"));
        try (IntegrationHarness it = new IntegrationHarness(emulator, data, true, installIds("restart")).start()) {
            assertThat(it.awaitExit()).as(it.printed()).isZero();
        }
        assertThat(Set.copyOf(genByMember("restart").values())).containsExactly("second");
    }
}
