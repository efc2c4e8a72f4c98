package io.github.batchaudience.emulator;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.github.batchaudience.emulator.ApiCalls.add;
import static io.github.batchaudience.emulator.ApiCalls.expect;
import static io.github.batchaudience.emulator.ApiCalls.idsBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The extension as users register it: a free loopback port, its keys, members, reset between tests. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatchEmulatorExtensionTest {
    @RegisterExtension
    static final BatchEmulatorExtension BATCH = BatchEmulatorExtension.create();

    @Test
    @Order(1)
    void servesTheApiOnLoopbackWithItsKeys() throws Exception {
        URI base = URI.create(BATCH.baseUrl());
        assertThat(base.getHost()).isEqualTo("127.0.0.1");
        assertThat(base.getPort()).isPositive();
        assertThat(BATCH.apiKey()).isEqualTo(BatchEmulatorExtension.API_KEY);
        assertThat(BATCH.restApiKey()).isEqualTo(BatchEmulatorExtension.REST_API_KEY);

        ApiCalls api = new ApiCalls(BATCH.baseUrl(), BATCH.apiKey(), BATCH.restApiKey());
        expect(200, api.api("1.1", "POST", "kept", "{\"description\":\"t\"}"));
        expect(201, api.api("1.1", "PATCH", "kept", idsBody(null, List.of(add("a"), add("b")))));
        await().until(() -> BATCH.members("kept").size() == 2);
        assertThat(BATCH.members("kept")).extracting(BatchEmulator.Member::id).containsExactly("a", "b");
        assertThat(BATCH.emulator().baseUrl()).isEqualTo(BATCH.baseUrl());
    }

    @Test
    @Order(2)
    void forgetsEverythingBeforeTheNextTest() {
        assertThat(BATCH.emulator().members("kept")).isEmpty();
    }

    @Test
    @Order(3)
    void refusesOtherKeys() throws Exception {
        ApiCalls wrong = new ApiCalls(BATCH.baseUrl(), BATCH.apiKey(), "not-the-rest-key");
        expect(401, wrong.api("1.1", "POST", "x", "{\"description\":\"t\"}"));
    }
}
