package io.github.batchaudience.emulator;

import java.util.List;

/** How to start an emulator; every setting has a default. */
public final class BatchEmulatorBuilder {
    int port;
    String bindAddress = "127.0.0.1";
    List<String> apiKeys = List.of(BatchEmulator.DEFAULT_API_KEY);
    String restApiKey = BatchEmulator.DEFAULT_REST_API_KEY;
    List<String> projectKeys = List.of(BatchEmulator.DEFAULT_PROJECT_KEY);
    long indexingDelayMs = 200;
    BatchEmulator.IndexingOrder indexingOrder = BatchEmulator.IndexingOrder.JITTER;
    double failRate;
    int rateLimit;
    int retryAfterSeconds = 1;
    long latencyMs;
    Long seed;
    int threads = 16;

    BatchEmulatorBuilder() {
    }

    /** 0 (the default) picks a free port. */
    public BatchEmulatorBuilder port(int port) {
        this.port = port;
        return this;
    }

    public BatchEmulatorBuilder bindAddress(String address) {
        this.bindAddress = address;
        return this;
    }

    /** The app keys accepted in the path. */
    public BatchEmulatorBuilder apiKeys(String... keys) {
        if (keys.length == 0) {
            throw new IllegalArgumentException("at least one app key");
        }
        this.apiKeys = List.of(keys);
        return this;
    }

    /** The project keys accepted in X-Batch-Project (Audiences API 2.x). */
    public BatchEmulatorBuilder projectKeys(String... keys) {
        if (keys.length == 0) {
            throw new IllegalArgumentException("at least one project key");
        }
        this.projectKeys = List.of(keys);
        return this;
    }

    /** The value X-Authorization (1.x), or the bearer token (2.x), must have. */
    public BatchEmulatorBuilder restApiKey(String key) {
        this.restApiKey = key;
        return this;
    }

    /** How long a write waits before it is applied, plus a random jitter of up to as much again. */
    public BatchEmulatorBuilder indexingDelayMs(long ms) {
        this.indexingDelayMs = ms;
        return this;
    }

    /** How the accepted writes of one audience are ordered when applied; default {@link BatchEmulator.IndexingOrder#JITTER}. */
    public BatchEmulatorBuilder indexingOrder(BatchEmulator.IndexingOrder order) {
        this.indexingOrder = order;
        return this;
    }

    public BatchEmulatorBuilder failRate(double rate) {
        this.failRate = rate;
        return this;
    }

    /** Requests per second beyond which the API answers 429 (0: no limit). */
    public BatchEmulatorBuilder rateLimit(int perSecond) {
        this.rateLimit = perSecond;
        return this;
    }

    public BatchEmulatorBuilder retryAfterSeconds(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    public BatchEmulatorBuilder latencyMs(long ms) {
        this.latencyMs = ms;
        return this;
    }

    /** Makes random faults, jitter and tokens repeatable. */
    public BatchEmulatorBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    public BatchEmulatorBuilder threads(int threads) {
        this.threads = threads;
        return this;
    }

    public BatchEmulator build() {
        return new BatchEmulator(this);
    }
}
