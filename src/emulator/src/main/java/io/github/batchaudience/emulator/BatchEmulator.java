package io.github.batchaudience.emulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for Batch's Custom Audience API: audiences, members
 * with attributes and tags, asynchronous indexing, the documented validation and errors, and
 * faults for tests. Built on the JDK's HTTP server and Jackson only.
 */
public final class BatchEmulator implements AutoCloseable {
    public static final String DEFAULT_API_KEY = "emulator-api-key";
    public static final String DEFAULT_REST_API_KEY = "emulator-rest-key";
    public static final String DEFAULT_PROJECT_KEY = "emulator-project-key";
    static final long FAULT_LATENCY_MS = 500;

    static {
        // The JDK's server leaves Nagle's algorithm on: each answer's body then waits for the
        // client's delayed ACK of its headers, some 40 ms a request on Linux. Read once, when the
        // JVM's first JDK server starts; a value set by the user is kept.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** A fault injected into Batch API requests (never into admin routes). */
    public enum Fault {
        /** 500, error code 1. */
        SERVER_ERROR,
        /** 503, error code 2. */
        MAINTENANCE,
        /** 429 with Retry-After. */
        RATE_LIMITED,
        /** The connection is closed before anything is applied, with no response. */
        DROP_BEFORE_APPLY,
        /** The write is accepted (and will be applied), then the connection is closed with no response. */
        DROP_AFTER_APPLY,
        /** The request is answered normally, {@value #FAULT_LATENCY_MS} ms late. */
        LATENCY
    }

    /**
     * The order in which the accepted writes of one audience are applied. Batch documents none;
     * the two windowed orders make a client that does not wait for a write's indexing before the
     * next write of the audience fail every time, not by chance.
     */
    public enum IndexingOrder {
        /** Each write is applied after the indexing delay plus its own random jitter: the order may change by chance. */
        JITTER,
        /**
         * The writes of an audience accepted within one indexing window (the delay, from the first
         * of them) are applied together when it closes, the last accepted first.
         */
        REVERSE,
        /** As {@link #REVERSE}, in an order drawn from the seeded generator. */
        SHUFFLED
    }

    /** An applied member. */
    public record Member(String id, Map<String, Object> attributes, List<String> tags) {
        @Override
        public String toString() {
            return id + (attributes.isEmpty() ? "" : " " + attributes) + (tags.isEmpty() ? "" : " " + tags);
        }
    }

    private final BatchEmulatorBuilder settings;
    private final Set<String> apiKeys;
    private final Set<String> projectKeys;
    private final Random random;
    private final Faults faults;
    private final Stats stats = new Stats();
    private final ScheduledExecutorService indexer;
    private final AudienceStore store;
    private volatile long latencyMs;
    private volatile int retryAfterSeconds;
    private volatile Predicate<String> rejectedIds;
    private HttpServer server;
    private ExecutorService workers;

    BatchEmulator(BatchEmulatorBuilder b) {
        this.settings = b;
        this.apiKeys = new LinkedHashSet<>(b.apiKeys);
        this.projectKeys = new LinkedHashSet<>(b.projectKeys);
        this.random = b.seed == null ? new Random() : new Random(b.seed);
        this.faults = new Faults(random, b.failRate);
        this.latencyMs = b.latencyMs;
        this.retryAfterSeconds = b.retryAfterSeconds;
        this.indexer = Executors.newScheduledThreadPool(2, daemon("batch-emulator-indexer"));
        this.store = new AudienceStore(indexer, random, b.indexingDelayMs);
        this.store.setIndexingOrder(b.indexingOrder);
    }

    public static BatchEmulatorBuilder builder() {
        return new BatchEmulatorBuilder();
    }

    public BatchEmulator start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(settings.bindAddress, settings.port), 128);
        workers = Executors.newFixedThreadPool(settings.threads, daemon("batch-emulator-http"));
        server.setExecutor(workers);
        server.createContext("/_emulator/", new AdminHandler(this));
        server.createContext("/", new ApiHandler(this, store, faults, stats, new RateLimit(settings.rateLimit)));
        server.start();
        return this;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            workers.shutdownNow();
            server = null;
        }
        indexer.shutdownNow();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        String host = settings.bindAddress.contains(":") ? "[" + settings.bindAddress + "]" : settings.bindAddress;
        return "http://" + host + ":" + port();
    }

    /** The first accepted app key. */
    public String apiKey() {
        return apiKeys.iterator().next();
    }

    public String restApiKey() {
        return settings.restApiKey;
    }

    boolean acceptsAppKey(String key) {
        return apiKeys.contains(key);
    }

    /** The first project key, for the Audiences API 2.x. */
    public String projectKey() {
        return projectKeys.iterator().next();
    }

    boolean acceptsProjectKey(String key) {
        return projectKeys.contains(key);
    }

    /** The next {@code count} Batch API requests get this fault. */
    public void injectFault(Fault fault, int count) {
        faults.inject(0, fault, count);
    }

    /** After {@code after} more clean Batch API requests, the next {@code count} get this fault. */
    public void injectFaultAfter(int after, Fault fault, int count) {
        faults.inject(after, fault, count);
    }

    /** Stops injected and rate-based faults. */
    public void clearFaults() {
        faults.clear();
    }

    /** A share (0 to 1) of Batch API requests gets a random fault: 500, 503, 429 or a dropped connection. */
    public void setFailRate(double rate) {
        faults.setRate(rate);
    }

    public void setLatencyMs(long ms) {
        latencyMs = ms;
    }

    long latencyMs() {
        return latencyMs;
    }

    public void setIndexingDelayMs(long ms) {
        store.setIndexingDelayMs(ms);
    }

    /** How the accepted writes of one audience are ordered when they are applied. */
    public void setIndexingOrder(IndexingOrder order) {
        store.setIndexingOrder(order);
    }

    public void setRetryAfterSeconds(int seconds) {
        retryAfterSeconds = seconds;
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /**
     * Stricter than the real API, for tests: a write holding an ID that matches is refused with
     * 400 MALFORMED_PARAMETER, although it passed every documented rule. Null clears it.
     */
    public void rejectIds(Predicate<String> predicate) {
        rejectedIds = predicate;
    }

    Predicate<String> rejectedIds() {
        return rejectedIds;
    }

    AudienceStore store() {
        return store;
    }

    /** The applied members of an audience of the first app key, sorted by ID. */
    public List<Member> members(String audience) {
        return membersIn(apiKey(), audience);
    }

    /** The applied members of an app's audience, sorted by ID; empty when it does not exist. */
    public List<Member> appMembers(String appKey, String audience) {
        return membersIn(appKey, audience);
    }

    /** The applied members of a project's audience (Audiences API 2.x), sorted by ID. */
    public List<Member> projectMembers(String projectKey, String audience) {
        return membersIn(ProjectRoutes.storeKey(projectKey), audience);
    }

    private List<Member> membersIn(String storeKey, String audience) {
        List<Member> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : store.members(storeKey, audience)) {
            Map<String, Object> attributes = Map.of();
            List<String> tags = List.of();
            if (e.getValue().length > 0) {
                try {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> extras = ApiHandler.JSON.readValue(e.getValue(), Map.class);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> a = (Map<String, Object>) extras.getOrDefault("attributes", Map.of());
                    @SuppressWarnings("unchecked")
                    List<String> t = (List<String>) extras.getOrDefault("tags", List.of());
                    attributes = a;
                    tags = t;
                } catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
            }
            out.add(new Member(e.getKey(), attributes, tags));
        }
        return out;
    }

    /** Requests by method and status, and IDs received in accepted writes by method. */
    public Map<String, Object> stats() {
        return stats.snapshot();
    }

    /** Writes accepted but not applied yet. */
    public int pendingWrites() {
        return store.pending();
    }

    /**
     * Forgets audiences, members, tokens, statistics and injected faults, and puts every setting
     * changed since back to what the emulator was built with (fail rate included).
     */
    public void reset() {
        store.reset();
        stats.reset();
        faults.clear();
        faults.setRate(settings.failRate);
        rejectedIds = null;
        latencyMs = settings.latencyMs;
        retryAfterSeconds = settings.retryAfterSeconds;
        store.setIndexingDelayMs(settings.indexingDelayMs);
        store.setIndexingOrder(settings.indexingOrder);
    }
}
