package io.github.batchaudience.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import io.github.batchaudience.emulator.BatchEmulator;

/**
 * The project's benchmark ({@code mvn -B -Pbench verify -pl src/bench -am}, docs/performance.md): the emulator
 * runs here, started once; the contenders run in a client JVM of their own with the heap under
 * test, so that its CPU time and heap are theirs alone. Every round runs each contender on the
 * same input, one after the other, on a fresh audience; the emulator applies each step's writes
 * before the next starts. Medians of the rounds are reported, and last a machine-readable line
 * {@code BENCH ids=… component_ids_per_s=… handwritten_ratio=… bare_ratio=… sync_ids_per_s=…
 * sync_update_ratio=… jms_events_per_s=… kafka_events_per_s=… per_file_ms=… peak_heap_mb=…}, the
 * sources' figures taken from what {@link SourceBenchmark} measured before.
 */
public final class Benchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int ids = Integer.getInteger("bench.ids", 1_000_000);
    private final int rounds = Integer.getInteger("bench.rounds", 5);
    private final int warmupIds = Math.min(ids, Integer.getInteger("bench.warmupIds", 1_000_000));
    private final Set<String> contenders = Set.of(System.getProperty("bench.contenders", "a,b,c,d,e,f").split(","));
    private final String clientHeap = System.getProperty("bench.clientHeap", "256m");
    private final String clientJvmArgs = System.getProperty("bench.clientJvmArgs", "").trim();
    private final Path dir = Path.of(System.getProperty("bench.dir", "target/bench"));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final OperatingSystemMXBean os =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Map<Step, List<Measurement>> results = new EnumMap<>(Step.class);

    private BatchEmulator emulator;
    private Process client;
    private PrintWriter toClient;
    private BufferedReader fromClient;

    public static void main(String[] args) throws Exception {
        new Benchmark().run();
    }

    private void run() throws Exception {
        List<Step> steps = Arrays.stream(Step.values()).filter(s -> contenders.contains(s.contender)).toList();
        System.out.printf(Locale.ROOT, "benchmark: %,d IDs, %d round(s) after a warm-up of %,d, contenders %s,"
                                       + " client heap -Xms%s -Xmx%s%n", ids, rounds, warmupIds, steps.stream()
                                  .map(s -> s.contender).distinct().collect(Collectors.joining(",")), clientHeap,
                          clientHeap);
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                           + System.getProperty("java.version") + ", load average " + loadAverage());
        Files.createDirectories(dir);
        Inputs main = Inputs.create(dir, "ids", ids, steps.contains(Step.SYNC_DIFF), true);
        Inputs warmup = warmupIds == ids ? main
                : Inputs.create(dir, "ids", warmupIds, steps.contains(Step.SYNC_DIFF), true);
        boolean projects = steps.stream().anyMatch(Step::project);
        Inputs mainProject = projects ? Inputs.create(dir, "project-ids", ids, true, false) : null;
        Inputs warmupProject = !projects ? null : warmupIds == ids ? mainProject
                : Inputs.create(dir, "project-ids", warmupIds, true, false);
        // Writes are applied as soon as they are accepted: the benchmark measures sending, not a
        // simulated indexing delay.
        emulator = BatchEmulator.builder().port(0).indexingDelayMs(0).build().start();
        try {
            startClient();
            for (int round = 0; round <= rounds; round++) {
                for (Step step : steps) {
                    Inputs inputs = step.project() ? (round == 0 ? warmupProject : mainProject)
                            : round == 0 ? warmup : main;
                    Measurement m = runStep(step, step.secondSync() ? inputs.changed : inputs.list, inputs.ids);
                    print(round == 0 ? "warm-up" : "round " + round, step, m);
                    if (round > 0) {
                        results.computeIfAbsent(step, s -> new ArrayList<>()).add(m);
                    }
                }
            }
            stopClient();
        } finally {
            if (client != null && client.isAlive()) {
                client.destroyForcibly();
            }
            emulator.close();
        }
        System.out.println("load average at the end: " + loadAverage());
        report();
    }

    private void startClient() throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms" + clientHeap, "-Xmx" + clientHeap,
                "-XX:+ExitOnOutOfMemoryError", "-Dlog4j2.configurationFile=log4j2-bench.xml"));
        if (!clientJvmArgs.isEmpty()) {
            command.addAll(List.of(clientJvmArgs.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ClientJvm.class.getName(),
                               emulator.baseUrl(), emulator.apiKey(), emulator.restApiKey(),
                               dir.resolve("sync-state").toString(), emulator.projectKey()));
        client = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        toClient = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8);
        fromClient = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
    }

    private void stopClient() throws InterruptedException {
        toClient.close();
        if (!client.waitFor(1, TimeUnit.MINUTES)) {
            client.destroyForcibly();
        }
    }

    /**
     * Runs one step in the client JVM and waits until the emulator has applied its writes. The
     * emulator's CPU time covers both; every step but the second sync starts on a new audience.
     */
    private Measurement runStep(Step step, Path file, int expectedIds) throws Exception {
        if (!step.secondSync()) {
            emulator.reset();
            createAudience(step);
        }
        // The members the reset forgot are collected now, not on the emulator's time during the step.
        System.gc();
        long emulatorCpu = os.getProcessCpuTime();
        toClient.println(step.name() + " " + file);
        String answer;
        while ((answer = fromClient.readLine()) != null && !answer.startsWith("RESULT ")) {
            if (answer.startsWith("ERROR ")) {
                throw new IllegalStateException(step.label + " failed: " + answer.substring(6));
            }
            System.out.println(answer);
        }
        if (answer == null) {
            throw new IllegalStateException(step.label + ": the client JVM ended (exit " + client.waitFor() + ")");
        }
        while (emulator.pendingWrites() > 0) {
            Thread.sleep(5);
        }
        Measurement m = Measurement.parse(answer).withEmulatorCpu(os.getProcessCpuTime() - emulatorCpu);
        long members = audienceSize(step);
        if (members != expectedIds) {
            throw new IllegalStateException(step.label + " left " + members + " members, not " + expectedIds);
        }
        return m;
    }

    private void createAudience(Step step) throws IOException, InterruptedException {
        String name = step.audience;
        HttpRequest request = step.project()
                ? project("create").header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"" + name + "\",\"type\":\"custom_ids\"}")).build()
                : api(name).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"description\":\"benchmark\"}")).build();
        HttpResponse<String> reply = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() / 100 != 2) {
            throw new IllegalStateException("create " + name + ": " + reply.statusCode() + " " + reply.body());
        }
    }

    private long audienceSize(Step step) throws IOException, InterruptedException {
        HttpRequest request = step.project() ? project("view?name=" + step.audience).GET().build()
                : api(step.audience).GET().build();
        HttpResponse<String> reply = http.send(request, HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(reply.body()).path("nb_ids").asLong(-1);
    }

    /** A route of the Audiences API 2.x, for the emulator's project. */
    private HttpRequest.Builder project(String route) {
        return HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/2.11/audiences/" + route))
                .header("Authorization", "Bearer " + emulator.restApiKey())
                .header("X-Batch-Project", emulator.projectKey());
    }

    private HttpRequest.Builder api(String name) {
        return HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/1.1/" + emulator.apiKey()
                                                 + "/custom-audience/" + name))
                .header("X-Authorization", emulator.restApiKey());
    }

    private static void print(String round, Step step, Measurement m) {
        System.out.printf(Locale.ROOT, "%-8s %-58s %7.2f s %,10.0f IDs/s  client CPU %6.2f s  emulator CPU %6.2f s"
                                       + "  peak heap %4d MB (after GC %4d MB)%n", round, step.label, m.seconds(),
                          m.ids() / m.seconds(), m.clientCpuNanos() / 1e9, m.emulatorCpuNanos() / 1e9,
                          mb(m.peakHeapBytes()), mb(m.peakHeapAfterGcBytes()));
    }

    private void report() throws IOException {
        System.out.println();
        System.out.printf(Locale.ROOT, "medians of %d round(s), %,d IDs (peak heaps: the most of any round)%n", rounds,
                          ids);
        System.out.printf(Locale.ROOT, "%-58s %9s %12s %12s %14s %10s %12s%n", "", "time s", "IDs/s", "client CPU s",
                          "emulator CPU s", "heap MB", "after GC MB");
        for (Map.Entry<Step, List<Measurement>> e : results.entrySet()) {
            List<Measurement> ms = e.getValue();
            System.out.printf(Locale.ROOT, "%-58s %9.2f %,12.0f %12.2f %14.2f %10d %12d%n", e.getKey().label,
                              median(ms, Measurement::seconds), ids / median(ms, Measurement::seconds),
                              median(ms, m -> m.clientCpuNanos() / 1e9), median(ms, m -> m.emulatorCpuNanos() / 1e9),
                              mb(max(ms, Measurement::peakHeapBytes)), mb(max(ms, Measurement::peakHeapAfterGcBytes)));
        }
        Double a = time(Step.UPDATE);
        Double b = time(Step.HANDWRITTEN);
        Double c = time(Step.BARE);
        Double handwrittenRatio = a == null || b == null ? null : b / a;
        Double bareRatio = a == null || c == null ? null : a / c;
        Double syncIdsPerSecond = null;
        if (results.containsKey(Step.SYNC_FULL)) {
            List<Double> perRound = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                perRound.add(2.0 * ids / (results.get(Step.SYNC_FULL).get(i).seconds()
                                          + results.get(Step.SYNC_DIFF).get(i).seconds()));
            }
            syncIdsPerSecond = median(perRound);
        }
        Double syncUpdateRatio = null;
        if (results.containsKey(Step.SYNC_DIFF) && results.containsKey(Step.UPDATE)) {
            List<Double> perRound = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                perRound.add(results.get(Step.SYNC_DIFF).get(i).seconds() / results.get(Step.UPDATE).get(i).seconds());
            }
            syncUpdateRatio = median(perRound);
        }
        long componentHeap = results.entrySet().stream().filter(e -> e.getKey() != Step.HANDWRITTEN
                                                                     && e.getKey() != Step.BARE)
                .mapToLong(e -> max(e.getValue(), Measurement::peakHeapBytes)).max().orElse(-1);
        System.out.println();
        System.out.println("handwritten_ratio = time(b) / time(a): " + format(handwrittenRatio, 2) + " (target >= 3)");
        System.out.println("bare_ratio = time(a) / time(c): " + format(bareRatio, 2) + " (target <= 1.3)");
        System.out.println("sync_ids_per_s = 2 x IDs / (first sync + second sync), median of the rounds");
        System.out.println("sync_update_ratio = time(second sync, 1% changed) / time(a), median of the rounds: "
                           + format(syncUpdateRatio, 2) + " (target <= 1.0)");
        System.out.println("peak_heap_mb: the component's steps (a, d, e, f), client JVM with -Xms" + clientHeap
                           + " -Xmx" + clientHeap);
        Properties sources = SourceBenchmark.read(dir);
        System.out.printf(Locale.ROOT, "BENCH ids=%d component_ids_per_s=%s handwritten_ratio=%s bare_ratio=%s"
                                       + " sync_ids_per_s=%s sync_update_ratio=%s jms_events_per_s=%s"
                                       + " kafka_events_per_s=%s per_file_ms=%s peak_heap_mb=%s%n", ids,
                          format(a == null ? null : ids / a, 0), format(handwrittenRatio, 2), format(bareRatio, 2),
                          format(syncIdsPerSecond, 0), format(syncUpdateRatio, 2),
                          sources.getProperty("jms_events_per_s", "na"), sources.getProperty("kafka_events_per_s", "na"),
                          sources.getProperty("per_file_ms", "na"),
                          componentHeap < 0 ? "na" : String.valueOf(mb(componentHeap)));
    }

    private Double time(Step step) {
        List<Measurement> ms = results.get(step);
        return ms == null ? null : median(ms, Measurement::seconds);
    }

    private static double median(List<Measurement> ms, ToDoubleFunction<Measurement> f) {
        return median(ms.stream().map(f::applyAsDouble).toList());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long max(List<Measurement> ms, ToLongFunction<Measurement> f) {
        return ms.stream().mapToLong(f).max().orElse(0);
    }

    private static String format(Double value, int decimals) {
        return value == null ? "na" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static long mb(long bytes) {
        return Math.round(bytes / (1024.0 * 1024.0));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** A benchmark file and, for sync, the same IDs with 1% changed; kept for the next run. */
    private record Inputs(int ids, Path list, Path changed) {
        /** @param tags an app's input has a tags column; a project's has none */
        static Inputs create(Path dir, String name, int ids, boolean withChanged, boolean tags) throws IOException {
            Path list = dir.resolve(name + "-" + ids + ".csv");
            Path changed = dir.resolve(name + "-" + ids + "-changed.csv");
            writeOnce(list, ids, false, tags);
            if (withChanged) {
                writeOnce(changed, ids, true, tags);
            }
            return new Inputs(ids, list, changed);
        }

        /** The input depends on its size only: a file already there (whole, since renamed in) is kept. */
        private static void writeOnce(Path file, int ids, boolean changed, boolean tags) throws IOException {
            if (Files.exists(file)) {
                return;
            }
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            BenchInput.write(partial, ids, changed, tags);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
