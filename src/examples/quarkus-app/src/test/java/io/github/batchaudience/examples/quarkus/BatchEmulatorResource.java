package io.github.batchaudience.examples.quarkus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.github.batchaudience.emulator.BatchEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a Batch emulator on a free loopback port before the application, and hands its address
 * and keys to it as the environment variables application.properties reads. A JUnit extension
 * cannot do this: {@code @QuarkusTest} starts the application in its own beforeAll, which runs
 * before those of extensions registered on the test class.
 */
public class BatchEmulatorResource implements QuarkusTestResourceLifecycleManager {
    // Values that appear nowhere else, so that finding one in the log means a key was printed.
    static final String API_KEY = "app-key-7c41d9e2f05b";
    static final String REST_API_KEY = "rest-key-3ea8b6c1d947";

    private BatchEmulator emulator;

    @Override
    public Map<String, String> start() {
        try {
            emulator = BatchEmulator.builder()
                    .port(0)
                    .apiKeys(API_KEY)
                    .restApiKey(REST_API_KEY)
                    .indexingDelayMs(20)
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("the Batch emulator did not start", e);
        }
        return Map.of(
                "BATCH_BASE_URL", emulator.baseUrl(),
                "BATCH_API_KEY", emulator.apiKey(),
                "BATCH_REST_API_KEY", emulator.restApiKey());
    }

    /** Sets the test's {@code BatchEmulator} field, so that it can read the members the route wrote. */
    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(emulator, new TestInjector.MatchesType(BatchEmulator.class));
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
