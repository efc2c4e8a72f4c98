package io.github.batchaudience.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The emulator for a JUnit 5 test class, on a free loopback port:
 *
 * <pre>
 * &#64;RegisterExtension
 * static BatchEmulatorExtension batch = BatchEmulatorExtension.create();
 * </pre>
 *
 * It starts at the first of {@code beforeAll} or an accessor (so a framework that reads its
 * configuration before the tests run, such as Spring's {@code @DynamicPropertySource}, can ask
 * for {@link #baseUrl()}), forgets every audience and fault before each test, and stops after
 * the class. Register it in a static field: an instance field would start a server per test.
 */
public final class BatchEmulatorExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    /** The keys the emulator takes unless {@link #create(Consumer)} sets others. */
    public static final String API_KEY = "test-api-key";
    public static final String REST_API_KEY = "test-rest-key";

    private final Consumer<BatchEmulatorBuilder> settings;
    private BatchEmulator emulator;

    private BatchEmulatorExtension(Consumer<BatchEmulatorBuilder> settings) {
        this.settings = settings;
    }

    /** An emulator with the keys above and a short indexing delay (20 ms). */
    public static BatchEmulatorExtension create() {
        return create(builder -> {
        });
    }

    /**
     * An emulator with the defaults of {@link #create()} changed by {@code settings}, e.g.
     * {@code b -> b.indexingDelayMs(200).failRate(0.1).seed(7)}. The port and bind address are
     * the extension's: a free port on loopback.
     */
    public static BatchEmulatorExtension create(Consumer<BatchEmulatorBuilder> settings) {
        return new BatchEmulatorExtension(settings);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        started();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        started().reset();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }

    private synchronized BatchEmulator started() {
        if (emulator == null) {
            BatchEmulatorBuilder builder = BatchEmulator.builder().apiKeys(API_KEY).restApiKey(REST_API_KEY)
                    .indexingDelayMs(20);
            settings.accept(builder);
            try {
                emulator = builder.port(0).bindAddress("127.0.0.1").build().start();
            } catch (IOException e) {
                throw new UncheckedIOException("the Batch emulator could not start", e);
            }
        }
        return emulator;
    }

    /** Where the emulator answers, e.g. {@code http://127.0.0.1:41234}: the component's {@code baseUrl}. */
    public String baseUrl() {
        return started().baseUrl();
    }

    /** The app key it takes (the component's {@code apiKey}). */
    public String apiKey() {
        return started().apiKey();
    }

    /** The REST key it takes (the component's {@code restApiKey}). */
    public String restApiKey() {
        return started().restApiKey();
    }

    /** The emulator's first project key (Audiences API 2.x). */
    public String projectKey() {
        return started().projectKey();
    }

    /** The emulator itself: faults, latency, indexing delay, statistics. */
    public BatchEmulator emulator() {
        return started();
    }

    /** The audience's members as applied (writes still indexing are not there yet), sorted by ID. */
    public List<BatchEmulator.Member> members(String audience) {
        return started().members(audience);
    }
}
