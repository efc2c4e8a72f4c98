package io.github.batchaudience.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import com.sun.management.OperatingSystemMXBean;
import io.github.batchaudience.BatchAudienceComponent;
import io.github.batchaudience.BatchAudienceConfiguration;
import io.github.batchaudience.BatchAudienceResult;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The client side of the benchmark, in a JVM of its own with the heap under test (-Xmx256m):
 * every contender lives here, one Camel context for the component and the hand-written route,
 * and runs one step at a time when the benchmark asks on standard input ({@code STEP FILE}),
 * answering with its measurement on standard output. Arguments: base URL, app key, REST key,
 * sync state folder.
 */
public final class ClientJvm {
    private static final int BATCH_SIZE = 10_000;
    private static final int PARALLEL_REQUESTS = 2;

    private final CamelContext camel;
    private final ProducerTemplate template;
    private final HandWrittenRoute handWritten;
    private final BareLoop bare;
    private final Path syncState;
    private final String projectKey;
    private final HeapWatch heap = new HeapWatch();
    private final OperatingSystemMXBean os =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ClientJvm(String baseUrl, String apiKey, String restApiKey, Path syncState, String projectKey)
            throws Exception {
        this.syncState = syncState;
        this.projectKey = projectKey;
        camel = new DefaultCamelContext();
        BatchAudienceConfiguration c = camel.getComponent("batch-audience", BatchAudienceComponent.class)
                .getConfiguration();
        c.setBaseUrl(baseUrl);
        c.setApiKey(apiKey);
        c.setRestApiKey(restApiKey);
        c.setBatchSize(BATCH_SIZE);
        c.setParallelRequests(PARALLEL_REQUESTS);
        // The first sync PUTs, then waits for it to be applied: poll as often as the emulator applies.
        c.setIndexingPollInterval(20);
        handWritten = new HandWrittenRoute(baseUrl, apiKey, restApiKey);
        camel.addRoutes(handWritten);
        camel.start();
        template = camel.createProducerTemplate();
        bare = new BareLoop(baseUrl, apiKey, restApiKey, BATCH_SIZE, PARALLEL_REQUESTS);
    }

    public static void main(String[] args) throws Exception {
        ClientJvm client = new ClientJvm(args[0], args[1], args[2], Path.of(args[3]), args[4]);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null && !command.isBlank()) {
            String[] parts = command.split(" ", 2);
            try {
                System.out.println(client.measure(Step.valueOf(parts[0]), Path.of(parts[1])).toLine());
            } catch (Exception e) {
                System.out.println("ERROR " + e.toString().replace('\n', ' '));
            }
            System.out.flush();
        }
        client.bare.close();
        client.camel.close();
    }

    private Measurement measure(Step step, Path file) throws Exception {
        if (step.firstSync()) {
            forgetSyncState();
        }
        long ids = lines(file);
        heap.reset();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        run(step, file, ids);
        long wall = System.nanoTime() - start;
        return new Measurement(wall, os.getProcessCpuTime() - cpu, heap.peak(), heap.peakAfterGc(), ids, 0);
    }

    private void run(Step step, Path file, long ids) throws Exception {
        switch (step) {
            case UPDATE -> write("batch-audience:update/" + step.audience + "?idType=install_ids", file);
            case SYNC_FULL, SYNC_DIFF -> write("batch-audience:sync/" + step.audience
                                               + "?idType=install_ids&stateDirectory=" + syncState, file);
            case UPDATE_2X -> write("batch-audience:update/" + step.audience + "?projectKey=" + projectKey, file);
            case SYNC_FULL_2X, SYNC_DIFF_2X -> write("batch-audience:sync/" + step.audience + "?projectKey=" + projectKey
                                                     + "&stateDirectory=" + syncState, file);
            case HANDWRITTEN -> handWritten.send(template, file.toFile(), ids);
            case BARE -> bare.run(file);
        }
    }

    private void write(String uri, Path file) {
        BatchAudienceResult result = template.requestBody(uri, file.toFile(), BatchAudienceResult.class);
        if (result.getRejected() > 0) {
            throw new IllegalStateException(uri + " rejected " + result.getRejected() + " rows");
        }
    }

    /** The IDs of a benchmark file: its lines but the header (counted before the clock starts). */
    private static long lines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count() - 1;
        }
    }

    private void forgetSyncState() throws IOException {
        if (Files.exists(syncState)) {
            try (Stream<Path> files = Files.walk(syncState)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
