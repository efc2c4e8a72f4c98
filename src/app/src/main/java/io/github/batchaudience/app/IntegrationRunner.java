package io.github.batchaudience.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.integration.cluster.ClusterSetup;
import io.github.batchaudience.integration.cluster.DataFolderLock;
import io.github.batchaudience.integration.inbox.SftpDirectory;
import io.github.batchaudience.integration.state.StateSetup;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The integration on Camel Main: {@code config/application.properties} and {@code routes/*.yaml}
 * from the working directory, keys from the environment, or the emulator in the same JVM when
 * there are none. With {@code once}, it stops when every file found in the inbox at start is
 * DONE or FAILED, and prints a summary.
 */
public final class IntegrationRunner {
    static final String API_KEY_ENV = "BATCH_API_KEY";
    static final String PROJECT_KEY_ENV = "BATCH_PROJECT_KEY";
    static final String REST_KEY_ENV = "BATCH_REST_API_KEY";
    static final String BASE_URL_ENV = "BATCH_BASE_URL";

    private static final Logger LOG = LoggerFactory.getLogger(IntegrationRunner.class);

    private final Path config;
    private final String routes;
    private final boolean once;
    private final Path samples;
    private final Duration timeout;
    private final Map<String, String> env;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private final PrintStream out;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Main main;
    private volatile BatchEmulator emulator;
    /** Held from configuration to exit; null in cluster mode. */
    private volatile DataFolderLock dataFolder;

    /**
     * @param routes  a routes include pattern overriding the configuration's, or null
     * @param samples files copied into the inbox before start, or null
     */
    public IntegrationRunner(Path config, String routes, boolean once, Path samples, Duration timeout,
                             Map<String, String> env, PrintStream out) {
        this.config = config;
        this.routes = routes;
        this.once = once;
        this.samples = samples;
        this.timeout = timeout;
        this.env = env;
        this.out = out;
    }

    /** A Camel Main property that wins over the configuration file (for tests and embedding). */
    public IntegrationRunner override(String key, String value) {
        overrides.put(key, value);
        return this;
    }

    /** Runs until stopped (or, with once, until the inbox is handled); returns the exit code. */
    public int run() throws Exception {
        if (!Files.isRegularFile(config)) {
            // Whoever waits for the start must learn that there will be none.
            started.countDown();
            throw new IllegalArgumentException("no configuration at " + config.toAbsolutePath()
                                               + " (run from the project root, or give --config)");
        }
        main = new Main();
        main.setDefaultPropertyPlaceholderLocation("file:" + config);
        if (routes != null) {
            main.addOverrideProperty("camel.main.routes-include-pattern", routes);
        }
        pointAtApi();
        overrides.forEach(main::addOverrideProperty);
        OnceRun onceRun = once ? new OnceRun(timeout, out) : null;
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                try {
                    dataFolder = DataFolderLock.take(m.getCamelContext());
                    SftpDirectory.check(m.getCamelContext());
                    StateSetup.configure(m.getCamelContext());
                    ClusterSetup.configure(m.getCamelContext());
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }

            @Override
            public void beforeStart(BaseMainSupport m) {
                if (samples != null || onceRun != null) {
                    Path inbox = Path.of(m.getCamelContext().resolvePropertyPlaceholders("{{batch.inbox}}"));
                    copySamples(inbox);
                    if (onceRun != null) {
                        onceRun.listInbox(inbox);
                    }
                }
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                if (onceRun != null) {
                    onceRun.keepThoseTakenByTheInbox(m.getCamelContext());
                }
                started.countDown();
                if (onceRun != null) {
                    Thread t = new Thread(() -> onceRun.await(m.getCamelContext(), main::completed), "batch-audience-once");
                    t.setDaemon(true);
                    t.start();
                }
            }
        });
        try {
            main.run();
        } finally {
            started.countDown();
            if (emulator != null) {
                emulator.close();
            }
            if (dataFolder != null) {
                dataFolder.close();
                dataFolder = null;
            }
        }
        if (onceRun == null) {
            return main.getExitCode();
        }
        return onceRun.summarise();
    }

    /** Blocks until the integration has started (or failed to); for tests. */
    public void awaitStarted() throws InterruptedException {
        started.await();
    }

    /** Asks a running integration to stop, as Ctrl-C would. */
    public void stop() {
        Main m = main;
        if (m != null) {
            m.completed();
        }
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    /** The emulator started in this JVM, or null when the real API is used. */
    public BatchEmulator emulator() {
        return emulator;
    }

    private void pointAtApi() throws IOException {
        String apiKey = env.get(API_KEY_ENV);
        String projectKey = env.get(PROJECT_KEY_ENV);
        String restKey = env.get(REST_KEY_ENV);
        String baseUrl = env.get(BASE_URL_ENV);
        if ((present(apiKey) || present(projectKey)) && present(restKey)) {
            // Both keys set is refused when the routes start, with the component's message.
            if (present(apiKey)) {
                main.addOverrideProperty("camel.component.batch-audience.api-key", apiKey);
            }
            if (present(projectKey)) {
                main.addOverrideProperty("camel.component.batch-audience.project-key", projectKey);
            }
            main.addOverrideProperty("batch.api", ApiName.of(apiKey, projectKey));
            main.addOverrideProperty("camel.component.batch-audience.rest-api-key", restKey);
            if (present(baseUrl)) {
                main.addOverrideProperty("camel.component.batch-audience.base-url", baseUrl);
            }
            return;
        }
        emulator = BatchEmulator.builder().port(0).bindAddress("127.0.0.1").build().start();
        main.addOverrideProperty("camel.component.batch-audience.base-url", emulator.baseUrl());
        main.addOverrideProperty("camel.component.batch-audience.api-key", emulator.apiKey());
        main.addOverrideProperty("camel.component.batch-audience.rest-api-key", emulator.restApiKey());
        String banner = "EMBEDDED EMULATOR at " + emulator.baseUrl() + ": " + API_KEY_ENV + " and " + REST_KEY_ENV
                        + " are not both set, so NOTHING IS SENT TO BATCH. Set both to use https://api.batch.com.";
        main.addOverrideProperty("batch.api", ApiName.of(emulator.apiKey(), null));
        LOG.warn(banner);
        out.println("*** " + banner + " ***");
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private void copySamples(Path inbox) {
        if (samples == null) {
            return;
        }
        try {
            Files.createDirectories(inbox);
            for (Path sample : VisibleFiles.in(samples)) {
                Files.copy(sample, inbox.resolve(sample.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not copy the samples of " + samples + " into " + inbox, e);
        }
    }
}
