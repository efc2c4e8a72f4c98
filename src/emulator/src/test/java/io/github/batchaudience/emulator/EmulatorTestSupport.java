package io.github.batchaudience.emulator;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One emulator per test class, in this JVM on a free loopback port, reset through its admin
 * route before each test, so that every test starts from nothing.
 */
abstract class EmulatorTestSupport {
    static final String APP_KEY = "conf-app-key-51d0";
    /** A second app key of the same emulator: audiences are kept per app key. */
    static final String OTHER_APP_KEY = "conf-other-app-key-c3";
    static final String REST_KEY = "conf-rest-key-9be2";
    /** Short, so that the suite stays fast; tests that need a write to stay pending set a long one. */
    static final long INDEXING_DELAY_MS = 20;

    static BatchEmulator emulator;
    static ApiCalls api;

    @BeforeAll
    static void startEmulator() throws IOException {
        emulator = BatchEmulator.builder().port(0).apiKeys(APP_KEY, OTHER_APP_KEY).restApiKey(REST_KEY)
                .indexingDelayMs(INDEXING_DELAY_MS).build().start();
        api = new ApiCalls(emulator.baseUrl(), APP_KEY, REST_KEY);
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @BeforeEach
    void resetEmulator() throws IOException {
        api.reset();
    }
}
