package io.github.batchaudience.integration;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import io.github.batchaudience.integration.testsupport.TestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One million IDs through the real routes, 900,000 in inbox files and 100,000 as JMS events,
 * while the emulator fails a fifth of all requests at random (500, 503, 429 with Retry-After,
 * connections dropped before and after the write is applied): every file ends DONE, none in
 * failed, nothing in the dead-letter queue, each audience holds exactly what its files and
 * events say (adds, removes of earlier IDs, changed attributes), and retries stay bounded by the
 * faults that caused them.
 */
class ChaosIT {
    private static final int FILES_PER_AUDIENCE = 5;
    private static final int LINES_PER_FILE = 90_000;
    private static final int NEW_PER_FILE = 80_000;
    private static final int EVENTS = 100_000;
    private static final String EVENTS_AUDIENCE = "chaos-events";
    private static final List<String> AUDIENCES = List.of("chaos-a", "chaos-b");

    @TempDir
    Path data;

    @TempDir
    Path brokerDir;

    @Test
    void aMillionIdsWithAFifthOfRequestsFailingEndExact() throws Exception {
        Map<String, String> properties = new HashMap<>();
        properties.put("batch.inbox.retry-max-delay", "1000");
        for (String audience : AUDIENCES) {
            properties.put("batch.audience." + audience + ".id-type", "install_ids");
        }
        Map<String, Map<String, Integer>> expected = new HashMap<>();
        List<String> files = new ArrayList<>();
        Path staging = Files.createDirectories(data.resolve("staging"));
        long lines = 0;
        for (String audience : AUDIENCES) {
            Map<String, Integer> members = new HashMap<>();
            expected.put(audience, members);
            for (int k = 0; k < FILES_PER_AUDIENCE; k++) {
                String name = audience + ".update." + k + ".csv";
                lines += write(staging.resolve(name), k, members);
                files.add(name);
            }
        }
        Map<String, Integer> expectedEvents = new HashMap<>();
        List<String> messages = events(expectedEvents);
        assertThat(lines + EVENTS).isEqualTo(1_000_000L);
        properties.put("batch.audience." + EVENTS_AUDIENCE + ".id-type", "install_ids");

        try (TestBroker broker = TestBroker.start(brokerDir, "chaos", "chaos-pw");
             BatchEmulator emulator = BatchEmulator.builder().port(0).apiKeys(IntegrationHarness.API_KEY)
                .restApiKey(IntegrationHarness.REST_KEY).indexingDelayMs(20).retryAfterSeconds(1).failRate(0.2)
                // The writes of an audience accepted within one indexing window applied in a random order.
                .indexingOrder(BatchEmulator.IndexingOrder.SHUFFLED)
                .seed(20261122).build().start();
             IntegrationHarness it = new IntegrationHarness(emulator, data, false, withBroker(properties, broker))
                     .start()) {
            broker.send("chaos.events", messages);
            Path inbox = Files.createDirectories(it.data("inbox"));
            for (String name : files) {
                Files.move(staging.resolve(name), inbox.resolve(name));
            }
            long retries = 0;
            for (String name : files) {
                JsonNode report = it.awaitReport(name, "DONE");
                retries += report.get("retries").asLong();
            }
            await("every event applied").atMost(3, TimeUnit.MINUTES).until(() -> emulator.pendingWrites() == 0
                    && broker.count("chaos.events") == 0 && sameMembers(emulator, EVENTS_AUDIENCE, expectedEvents));
            assertThat(broker.count("chaos.events.dlq")).as("dead letters").isZero();
            emulator.setFailRate(0);
            try (Stream<Path> failed = Files.exists(it.data("failed")) ? Files.list(it.data("failed")) : Stream.empty()) {
                assertThat(failed).isEmpty();
            }
            for (String audience : AUDIENCES) {
                Map<String, Integer> want = expected.get(audience);
                List<BatchEmulator.Member> members = emulator.members(audience);
                assertThat(members).as(audience).hasSize(want.size());
                for (BatchEmulator.Member m : members) {
                    Integer score = want.get(m.id());
                    assertThat(score).as("unexpected member %s of %s", m.id(), audience).isNotNull();
                    assertThat(((Number) m.attributes().get("score")).intValue()).as(m.id()).isEqualTo(score);
                    assertThat(m.tags()).as(m.id()).containsExactly("t" + score % 3);
                }
            }
            long faults = faults(emulator);
            System.out.printf("chaos: %d file lines and %d JMS events, %d faults answered, %d retries for the files%n",
                              lines, EVENTS, faults, retries);
            assertThat(faults).as("faults injected").isGreaterThan(0);
            // Every retry answers a fault; a file retried whole after exhausting its attempts only adds more faults.
            assertThat(retries).isPositive().isLessThanOrEqualTo(faults);
        }
    }

    /**
     * File k of an audience: 90,000 new IDs (score k), 5,000 IDs of file k-1 removed and 5,000
     * of its IDs written again with score k; the expected members are updated to match.
     */
    private static long write(Path file, int k, Map<String, Integer> members) throws Exception {
        long lines = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,action,score:int,tags\n");
            for (int i = 0; i < NEW_PER_FILE; i++) {
                String id = "install-" + k + "-" + i;
                out.write(id + ",add," + k + ",t" + k % 3 + "\n");
                members.put(id, k);
                lines++;
            }
            int previous = Math.max(0, k - 1);
            for (int i = 0; i < LINES_PER_FILE - NEW_PER_FILE; i++) {
                // Even positions of the previous file leave, odd ones change; file 0 changes its own.
                String id = "install-" + previous + "-" + (i * 2 + (k == 0 || i % 2 == 1 ? 1 : 0));
                if (k > 0 && i % 2 == 0) {
                    out.write(id + ",remove,,\n");
                    members.remove(id);
                } else {
                    out.write(id + ",add," + k + ",t" + k % 3 + "\n");
                    members.put(id, k);
                }
                lines++;
            }
        }
        return lines;
    }

    private static Map<String, String> withBroker(Map<String, String> properties, TestBroker broker) {
        Map<String, String> all = new HashMap<>(properties);
        all.putAll(broker.sourceProperties("chaos.events"));
        return all;
    }

    /**
     * 100,000 events for one audience, in arrays of 100: IDs from a pool of 40,000, so most get
     * several events; an add carries the event's score, a remove (one in four) takes the ID out.
     */
    private static List<String> events(Map<String, Integer> members) {
        Random random = new Random(7);
        List<String> messages = new ArrayList<>();
        StringBuilder array = new StringBuilder();
        for (int i = 0; i < EVENTS; i++) {
            String id = "event-" + random.nextInt(40_000);
            boolean remove = random.nextInt(4) == 0;
            int score = random.nextInt(1_000);
            array.append(array.length() == 0 ? "[" : ",");
            if (remove) {
                array.append("{\"audience\":\"" + EVENTS_AUDIENCE + "\",\"action\":\"remove\",\"id\":\"" + id + "\"}");
                members.remove(id);
            } else {
                array.append("{\"audience\":\"" + EVENTS_AUDIENCE + "\",\"action\":\"add\",\"id\":\"" + id
                             + "\",\"attributes\":{\"score\":" + score + "},\"tags\":[\"t" + score % 3 + "\"]}");
                members.put(id, score);
            }
            if (i % 100 == 99) {
                messages.add(array.append(']').toString());
                array.setLength(0);
            }
        }
        return messages;
    }

    private static boolean sameMembers(BatchEmulator emulator, String audience, Map<String, Integer> want) {
        List<BatchEmulator.Member> members = emulator.members(audience);
        if (members.size() != want.size()) {
            return false;
        }
        for (BatchEmulator.Member m : members) {
            Integer score = want.get(m.id());
            if (score == null || ((Number) m.attributes().get("score")).intValue() != score
                || !m.tags().equals(List.of("t" + score % 3))) {
                return false;
            }
        }
        return true;
    }

    private static long faults(BatchEmulator emulator) {
        Map<?, ?> byMethod = (Map<?, ?>) emulator.stats().get("requests");
        long n = 0;
        for (Object counts : byMethod.values()) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) counts).entrySet()) {
                String status = e.getKey().toString();
                if (!status.startsWith("2")) {
                    n += ((Number) e.getValue()).longValue();
                }
            }
        }
        return n;
    }
}
