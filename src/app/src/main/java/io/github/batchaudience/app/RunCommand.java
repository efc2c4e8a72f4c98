package io.github.batchaudience.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run [--once]}: the integration of routes/ and config/ on Camel Main. */
@Command(name = "run", mixinStandardHelpOptions = true,
         description = { "Run the integration: config/application.properties and routes/*.yaml on Camel Main.",
                         "Keys come from BATCH_API_KEY and BATCH_REST_API_KEY; without them an emulator starts"
                         + " in this JVM and nothing is sent to Batch." })
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--once", description = "Process the inbox, wait for indexing, print a summary and exit"
                                            + " (0 when every file is DONE, else 1).")
    boolean once;

    @Option(names = "--config", defaultValue = "config/application.properties",
            description = "Camel Main properties. Default: ${DEFAULT-VALUE}.")
    Path config;

    @Option(names = "--routes", description = "Routes include pattern, replacing the configuration's"
                                              + " (e.g. file:routes/*.yaml).")
    String routes;

    @Option(names = "--samples", description = "Copy the files of this folder into the inbox first (e.g. samples).")
    Path samples;

    @Option(names = "--timeout", defaultValue = "PT30M",
            description = "With --once, give up waiting after this long (ISO-8601). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        return new IntegrationRunner(config, routes, once, samples, timeout, System.getenv(), System.out).run();
    }
}
