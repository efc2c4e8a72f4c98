package io.github.batchaudience.emulator;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.batchaudience.emulator.ApiCalls.add;
import static io.github.batchaudience.emulator.ApiCalls.adds;
import static io.github.batchaudience.emulator.ApiCalls.idsBody;
import static io.github.batchaudience.emulator.ApiCalls.remove;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Asynchronous indexing (a write is IN_PROGRESS, changing nothing visible, until it is APPLIED)
 * and how duplicates within one request resolve: 1.1 last action wins, 1.0 remove wins.
 */
class IndexingTest extends EmulatorTestSupport {
    private static final String INSTALLS = "installs";
    private static final String CUSTOMS = "customs";
    /** Longer than any test: a write sent with it stays IN_PROGRESS for the whole test. */
    private static final long NEVER_MS = 600_000;

    @BeforeEach
    void createAudiences() throws IOException {
        api.create11(INSTALLS);
        api.create10(CUSTOMS, "custom_ids");
        api.awaitApplied("1.1", INSTALLS, api.write("1.1", "PATCH", INSTALLS, idsBody(null, adds("old-", 3))));
    }

    @ParameterizedTest
    @ValueSource(strings = { "PATCH", "PUT" })
    void aPendingWriteChangesNothingVisible(String method) throws IOException {
        emulator.setIndexingDelayMs(NEVER_MS);
        String token = api.write("1.1", method, INSTALLS, idsBody(null, List.of(
                method.equals("PUT") ? "{\"id\":\"new-0\"}" : add("new-0"), method.equals("PUT") ? "{\"id\":\"old-0\"}"
                        : remove("old-0"))));

        JsonNode view = api.view("1.1", INSTALLS, token);
        assertThat(view.path("indexing_state").asText()).isEqualTo("IN_PROGRESS");
        assertThat(view.path("nb_ids").asInt()).isEqualTo(3);
        assertThat(api.view("1.1", INSTALLS, null).path("indexing_state").asText()).isEqualTo("IN_PROGRESS");
        assertThat(api.memberIds(INSTALLS)).containsExactly("old-0", "old-1", "old-2");
    }

    @Test
    void aWriteIsInProgressUntilItsDelayThenApplied() throws IOException {
        long delayMs = 300;
        emulator.setIndexingDelayMs(delayMs);
        long sent = System.nanoTime();
        String token = api.write("1.1", "PATCH", INSTALLS, idsBody(null, List.of(add("new-0"), add("new-1"),
                                                                                  remove("old-0"))));
        JsonNode first = api.view("1.1", INSTALLS, token);
        // A write is never applied before its delay has passed since it was sent: only a view
        // made later than that (a very slow machine) may already see it applied.
        if (Duration.ofNanos(System.nanoTime() - sent).toMillis() < delayMs) {
            assertThat(first.path("indexing_state").asText()).isEqualTo("IN_PROGRESS");
            assertThat(first.path("nb_ids").asInt()).isEqualTo(3);
        }

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
            JsonNode view = api.view("1.1", INSTALLS, token);
            String state = view.path("indexing_state").asText();
            // One view is one consistent picture: the state and nb_ids of the same moment.
            assertThat(view.path("nb_ids").asInt()).as("nb_ids while %s", state)
                    .isEqualTo(state.equals("APPLIED") ? 4 : 3);
            return state.equals("APPLIED");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - sent).toMillis()).isGreaterThanOrEqualTo(delayMs);
        assertThat(api.memberIds(INSTALLS)).containsExactly("new-0", "new-1", "old-1", "old-2");
    }

    @Test
    void viewWithoutTokenReportsTheLastWritesStateNotTheOldest() throws IOException {
        emulator.setIndexingDelayMs(NEVER_MS);
        String pending = api.write("1.1", "PATCH", INSTALLS, idsBody(null, List.of(add("slow"))));
        emulator.setIndexingDelayMs(INDEXING_DELAY_MS);
        String last = api.write("1.1", "PATCH", INSTALLS, idsBody(null, List.of(add("quick"))));
        api.awaitApplied("1.1", INSTALLS, last);

        assertThat(api.view("1.1", INSTALLS, null).path("indexing_state").asText()).isEqualTo("APPLIED");
        assertThat(api.view("1.1", INSTALLS, pending).path("indexing_state").asText()).isEqualTo("IN_PROGRESS");
        assertThat(api.memberIds(INSTALLS)).contains("quick").doesNotContain("slow");
    }

    @Test
    void viewWithoutTokenReportsTheLastWritesStateNotTheNewestApplied() throws IOException {
        String applied = api.write("1.1", "PATCH", INSTALLS, idsBody(null, List.of(add("quick"))));
        api.awaitApplied("1.1", INSTALLS, applied);
        emulator.setIndexingDelayMs(NEVER_MS);
        api.write("1.1", "PATCH", INSTALLS, idsBody(null, List.of(add("slow"))));

        assertThat(api.view("1.1", INSTALLS, null).path("indexing_state").asText()).isEqualTo("IN_PROGRESS");
        assertThat(api.view("1.1", INSTALLS, applied).path("indexing_state").asText()).isEqualTo("APPLIED");
    }

    @Test
    void aWritePendingWhenItsAudienceIsDeletedNeverReachesANewAudienceOfThatName() throws IOException {
        emulator.setIndexingDelayMs(200);
        api.write("1.1", "PATCH", INSTALLS, idsBody(null, List.of(add("before-delete"))));
        ApiCalls.expect(200, api.api("1.1", "DELETE", INSTALLS, null));
        api.create11(INSTALLS);

        await().atMost(Duration.ofSeconds(10)).until(() -> emulator.pendingWrites() == 0);
        assertThat(api.memberIds(INSTALLS)).isEmpty();
        assertThat(api.view("1.1", INSTALLS, null).path("nb_ids").asInt()).isZero();
    }

    @Test
    void anAudienceNeverWrittenViewsAsApplied() throws IOException {
        // The docs say nothing of an audience with no update yet: the emulator reports APPLIED.
        assertThat(api.view("1.0", CUSTOMS, null).path("indexing_state").asText()).isEqualTo("APPLIED");
    }

    @Test
    void everyWriteGetsItsOwnToken() throws IOException {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            tokens.add(api.write("1.1", "PATCH", INSTALLS, idsBody(null, List.of(add("same")))));
        }
        assertThat(tokens).hasSize(20).allMatch(t -> t.matches(ApiCalls.TOKEN_PATTERN));
    }

    @Test
    void aTokenIsOnlyValidForItsAudience() throws IOException {
        api.create11("other");
        String token = api.write("1.1", "PATCH", INSTALLS, idsBody(null, List.of(add("x"))));
        ApiCalls.Answer answer = api.send("GET", api.path("1.1", "other") + "?indexing_token=" + token, null);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo(31);
    }

    @Test
    void lastActionWinsWithinOne11Request() throws IOException {
        String token = api.write("1.1", "PATCH", INSTALLS, idsBody(null, List.of(
                add("a"), remove("a"),                        // added then removed: out
                remove("old-0"), add("old-0"),                // removed then added: in
                "{\"action\":\"add\",\"id\":\"b\",\"attributes\":{\"n\":1},\"tags\":[\"first\"]}",
                "{\"action\":\"add\",\"id\":\"b\",\"attributes\":{\"n\":2}}",   // the last add's data, whole
                remove("old-1"), remove("old-1"))));
        api.awaitApplied("1.1", INSTALLS, token);

        List<JsonNode> members = api.members(INSTALLS);
        assertThat(members).extracting(m -> m.path("id").asText()).containsExactly("b", "old-0", "old-2");
        assertThat(members.get(0).path("attributes")).isEqualTo(ApiCalls.JSON.readTree("{\"n\":2}"));
        assertThat(members.get(0).path("tags")).isEmpty();
    }

    @Test
    void lastElementWinsWithinOneReplace() throws IOException {
        String token = api.write("1.1", "PUT", INSTALLS, idsBody(null, List.of(
                "{\"id\":\"a\",\"tags\":[\"first\"]}", "{\"id\":\"a\",\"tags\":[\"second\"]}")));
        api.awaitApplied("1.1", INSTALLS, token);
        List<JsonNode> members = api.members(INSTALLS);
        assertThat(members).hasSize(1);
        assertThat(members.get(0).path("tags")).isEqualTo(ApiCalls.JSON.readTree("[\"second\"]"));
    }

    @Test
    void removeWinsWithinOne10Request() throws IOException {
        api.awaitApplied("1.0", CUSTOMS, api.write("1.0", "PATCH", CUSTOMS, idsBody("custom_ids", List.of(add("kept"),
                                                                                                       add("member")))));
        String token = api.write("1.0", "PATCH", CUSTOMS, idsBody("custom_ids", List.of(
                add("a"), remove("a"),                        // added then removed: out
                remove("b"), add("b"),                        // removed then added: still out
                remove("member"), add("member"), add("member"),
                add("c"), add("c"))));
        api.awaitApplied("1.0", CUSTOMS, token);
        assertThat(api.memberIds(CUSTOMS)).containsExactly("c", "kept");
        assertThat(api.view("1.0", CUSTOMS, null).path("nb_ids").asInt()).isEqualTo(2);
    }

    /** Three writes of one attribute of one member, sent without waiting; the value each left. */
    private String lastApplied(BatchEmulator.IndexingOrder order) throws IOException {
        emulator.setIndexingDelayMs(300);
        emulator.setIndexingOrder(order);
        List<String> tokens = new ArrayList<>();
        for (int gen = 1; gen <= 3; gen++) {
            tokens.add(api.write("1.1", "PATCH", INSTALLS, idsBody(null, List.of(
                    "{\"action\":\"add\",\"id\":\"m\",\"attributes\":{\"gen\":" + gen + "}}"))));
        }
        for (String token : tokens) {
            api.awaitApplied("1.1", INSTALLS, token);
        }
        return api.members(INSTALLS).stream().filter(m -> m.path("id").asText().equals("m")).findFirst().orElseThrow()
                .path("attributes").path("gen").asText();
    }

    @Test
    void reverseOrderAppliesTheWritesOfOneWindowLastFirst() throws IOException {
        assertThat(lastApplied(BatchEmulator.IndexingOrder.REVERSE)).isEqualTo("1");
    }

    @Test
    void aWriteSentAfterTheLastOneWasAppliedIsAppliedAfterIt() throws IOException {
        emulator.setIndexingDelayMs(100);
        emulator.setIndexingOrder(BatchEmulator.IndexingOrder.REVERSE);
        for (int gen = 1; gen <= 3; gen++) {
            api.awaitApplied("1.1", INSTALLS, api.write("1.1", "PATCH", INSTALLS, idsBody(null, List.of(
                    "{\"action\":\"add\",\"id\":\"m\",\"attributes\":{\"gen\":" + gen + "}}"))));
        }
        assertThat(api.members(INSTALLS).get(0).path("attributes").path("gen").asInt()).isEqualTo(3);
    }
}
