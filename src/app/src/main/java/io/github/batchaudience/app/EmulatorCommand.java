package io.github.batchaudience.app;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the Custom Audience API emulator until the process is stopped. */
@Command(name = "emulator", mixinStandardHelpOptions = true,
         description = "Start the Batch Custom Audience API emulator and serve until stopped.")
public final class EmulatorCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "Port (0 for a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--api-key", defaultValue = BatchEmulator.DEFAULT_API_KEY,
            description = "App key accepted in the path (repeatable). Default: ${DEFAULT-VALUE}.")
    String[] apiKeys;

    @Option(names = "--project-key", defaultValue = BatchEmulator.DEFAULT_PROJECT_KEY,
            description = "Project key accepted in X-Batch-Project, for the Audiences API 2.x (repeatable)."
                          + " Default: ${DEFAULT-VALUE}.")
    String[] projectKeys;

    @Option(names = "--rest-key", defaultValue = BatchEmulator.DEFAULT_REST_API_KEY,
            description = "Value X-Authorization (1.x), or the bearer token (2.x), must have. Default: ${DEFAULT-VALUE}.")
    String restKey;

    @Option(names = "--indexing-delay-ms", defaultValue = "200",
            description = "Delay before a write is applied, plus up to as much jitter. Default: ${DEFAULT-VALUE}.")
    long indexingDelayMs;

    @Option(names = "--indexing-order", defaultValue = "JITTER",
            description = "How the writes of one audience are ordered when applied: JITTER (each after its own"
                          + " jitter), REVERSE or SHUFFLED (the writes accepted within one indexing delay, applied"
                          + " together, the last first or in a seeded random order). Default: ${DEFAULT-VALUE}.")
    BatchEmulator.IndexingOrder indexingOrder;

    @Option(names = "--fail-rate", defaultValue = "0",
            description = "Share of API requests (0 to 1) answered with a random fault. Default: ${DEFAULT-VALUE}.")
    double failRate;

    @Option(names = "--rate-limit", defaultValue = "0",
            description = "Requests per second beyond which 429 is answered (0: none). Default: ${DEFAULT-VALUE}.")
    int rateLimit;

    @Option(names = "--seed", description = "Seed for faults, jitter and tokens, to repeat a run.")
    Long seed;

    /** Counted down when the emulator is up: lets a test run the command in-process. */
    final CountDownLatch started = new CountDownLatch(1);
    volatile BatchEmulator emulator;

    @Override
    public Integer call() throws Exception {
        BatchEmulatorBuilder builder = BatchEmulator.builder().port(port).bindAddress(bind).apiKeys(apiKeys)
                .projectKeys(projectKeys).restApiKey(restKey).indexingDelayMs(indexingDelayMs).indexingOrder(indexingOrder).failRate(failRate)
                .rateLimit(rateLimit);
        if (seed != null) {
            builder.seed(seed);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (BatchEmulator running = builder.build().start()) {
            emulator = running;
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "batch-emulator-stop"));
            // These are the emulator's own test keys, not Batch keys: printing them is the point.
            System.out.printf("Batch Custom Audience emulator on %s (app key %s, project key %s, REST key %s)%n",
                              running.baseUrl(), String.join(", ", apiKeys), String.join(", ", projectKeys), restKey);
            System.out.flush();
            started.countDown();
            stopped.await();
        }
        return 0;
    }
}
