package io.github.batchaudience.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.integration.ClusterSetup;
import io.github.batchaudience.integration.DataFolderLock;
import io.github.batchaudience.integration.Reports;
import io.github.batchaudience.integration.RetryFilter;
import io.github.batchaudience.integration.SftpDirectory;
import io.github.batchaudience.integration.StateSetup;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFileEndpoint;
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
    static final String REST_KEY_ENV = "BATCH_REST_API_KEY";
    static final String BASE_URL_ENV = "BATCH_BASE_URL";

    private static final Logger LOG = LoggerFactory.getLogger(IntegrationRunner.class);
    /** The id of the inbox folder's route in routes/folder.yaml. */
    private static final String INBOX_ROUTE = "folder-inbox";

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
        OnceWatch watch = once ? new OnceWatch() : null;
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
                if (samples != null || watch != null) {
                    Path inbox = Path.of(m.getCamelContext().resolvePropertyPlaceholders("{{batch.inbox}}"));
                    copySamples(inbox);
                    if (watch != null) {
                        watch.files = listFiles(inbox);
                    }
                }
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                if (watch != null) {
                    watch.files = takenByTheInbox(m.getCamelContext(), watch.files);
                }
                started.countDown();
                if (watch != null) {
                    Thread t = new Thread(() -> watch.await(m.getCamelContext()), "batch-audience-once");
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
        if (watch == null) {
            return main.getExitCode();
        }
        return watch.summarise();
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
        String restKey = env.get(REST_KEY_ENV);
        String baseUrl = env.get(BASE_URL_ENV);
        if (present(apiKey) && present(restKey)) {
            main.addOverrideProperty("camel.component.batch-audience.api-key", apiKey);
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
            for (Path sample : listFiles(samples)) {
                Files.copy(sample, inbox.resolve(sample.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not copy the samples of " + samples + " into " + inbox, e);
        }
    }

    private static List<Path> listFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not list " + dir, e);
        }
        files.sort(null);
        return files;
    }

    /**
     * Of the files listed at start, those the inbox route's file consumer will take, by its own
     * rules: never its lock files (a run killed mid-file leaves {@code NAME.camelLock}), nor hidden
     * ones, and only what its include and exclude patterns let through.
     */
    private static List<Path> takenByTheInbox(CamelContext camel, List<Path> listed) {
        Route route = camel.getRoute(INBOX_ROUTE);
        if (route == null || !(route.getEndpoint() instanceof GenericFileEndpoint<?> endpoint)) {
            return listed;
        }
        Pattern include = endpoint.getIncludePattern();
        Pattern exclude = endpoint.getExcludePattern();
        List<Path> taken = new ArrayList<>();
        for (Path file : listed) {
            String name = file.getFileName().toString();
            if (!name.startsWith(".") && !name.endsWith(FileComponent.DEFAULT_LOCK_FILE_POSTFIX)
                && (include == null || include.matcher(name).matches())
                && (exclude == null || !exclude.matcher(name).matches())) {
                taken.add(file);
            }
        }
        return taken;
    }

    /** --once: waits for the inbox's files to be settled, then prints the summary. */
    private final class OnceWatch {
        volatile List<Path> files = List.of();
        private Reports reports;
        private RetryFilter<?> retryFilter;

        void await(CamelContext camel) {
            reports = new Reports(Path.of(camel.resolvePropertyPlaceholders("{{batch.reports}}")));
            retryFilter = camel.getRegistry().lookupByNameAndType("retryFilter", RetryFilter.class);
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (!settled()) {
                    if (System.nanoTime() >= deadline) {
                        String line = "--once gave up waiting after " + timeout + " (--timeout): not every file"
                                      + " is settled; what is left is taken up again by the next run.";
                        LOG.warn(line);
                        out.println(line);
                        break;
                    }
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                LOG.error("Could not read the reports: {}", e.getMessage());
            }
            main.completed();
        }

        private boolean settled() throws IOException {
            for (Path file : files) {
                ObjectNode report = reports.read(file.getFileName().toString());
                if (report == null || Reports.PENDING_INDEXING.equals(status(report))
                    || Files.exists(file) && !isStuck(file)) {
                    return false;
                }
            }
            return true;
        }

        /** Settled, but its move failed: it will not be sent again, and stays where it is. */
        private boolean isStuck(Path file) {
            return retryFilter != null && retryFilter.isStuck(file.getFileName().toString());
        }

        int summarise() throws IOException {
            SummaryTable table = new SummaryTable();
            boolean allDone = true;
            for (Path file : files) {
                String name = file.getFileName().toString();
                ObjectNode report = reports == null ? null : reports.read(name);
                boolean stuck = Files.exists(file) && isStuck(file);
                table.add(name, report, stuck);
                allDone &= report != null && Reports.DONE.equals(status(report)) && !stuck;
            }
            table.print(out);
            out.println(allDone ? "All " + files.size() + " file(s) DONE." : "Not every file is DONE: exit code 1.");
            return allDone ? 0 : 1;
        }

        private String status(ObjectNode report) {
            return report.path("status").asText();
        }
    }
}
