package io.github.batchaudience.emulator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One emulator per test class, through the JUnit extension users get: in this JVM on a free
 * loopback port, reset before each test, so that every test starts from nothing.
 */
abstract class EmulatorTestSupport {
    static final String APP_KEY = "conf-app-key-51d0";
    /** A second app key of the same emulator: audiences are kept per app key. */
    static final String OTHER_APP_KEY = "conf-other-app-key-c3";
    static final String REST_KEY = "conf-rest-key-9be2";
    /** Short, so that the suite stays fast; tests that need a write to stay pending set a long one. */
    static final long INDEXING_DELAY_MS = 20;

    @RegisterExtension
    static final BatchEmulatorExtension BATCH = BatchEmulatorExtension.create(
            b -> b.apiKeys(APP_KEY, OTHER_APP_KEY).restApiKey(REST_KEY).indexingDelayMs(INDEXING_DELAY_MS));

    static BatchEmulator emulator;
    static ApiCalls api;

    @BeforeAll
    static void connect() {
        emulator = BATCH.emulator();
        api = new ApiCalls(BATCH.baseUrl(), APP_KEY, REST_KEY);
    }
}
