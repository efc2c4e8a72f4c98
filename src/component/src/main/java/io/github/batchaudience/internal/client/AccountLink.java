package io.github.batchaudience.internal.client;

import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.github.batchaudience.SharedLimits;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * One Batch account as the endpoints of a component share it: its rate (and, when set, the rate
 * it shares with other JVMs), its write slots and its pooled HTTP client. The client's own
 * automatic retries are off (HttpClient 5.5 would otherwise honour Retry-After by itself and
 * could stall a route for hours): {@link HttpTransport} owns the retry policy.
 */
final class AccountLink implements Closeable {
    private final SharedAccounts owner;
    private final String account;
    private final String sharedName;
    private final RateLimiter rate;
    private final InFlight writes;
    private final PoolingHttpClientConnectionManager connections;
    private final CloseableHttpClient http;
    private volatile SharedLimits shared;
    private long connectTimeoutMs;
    private int users;

    AccountLink(SharedAccounts owner, String account, ClientSettings first) {
        this.owner = owner;
        this.account = account;
        this.sharedName = digest(account);
        this.rate = new RateLimiter(first.maxRequestsPerSecond());
        this.writes = new InFlight(first.parallelRequests());
        this.connectTimeoutMs = first.connectTimeoutMs();
        this.connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(first.maxConnections())
                .setMaxConnPerRoute(first.maxConnections())
                .setDefaultConnectionConfig(connectionConfig())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("camel-batch-audience")
                .build();
    }

    /** One more endpoint uses the account: the strictest rate, write slots and connect timeout hold, and the pool grows to its needs. */
    void join(ClientSettings settings) {
        users++;
        rate.tighten(settings.maxRequestsPerSecond());
        writes.tighten(settings.parallelRequests());
        if (shared == null) {
            shared = settings.sharedLimits();
        }
        if (settings.maxConnections() > connections.getMaxTotal()) {
            connections.setMaxTotal(settings.maxConnections());
            connections.setDefaultMaxPerRoute(settings.maxConnections());
        }
        if (settings.connectTimeoutMs() < connectTimeoutMs) {
            connectTimeoutMs = settings.connectTimeoutMs();
            connections.setDefaultConnectionConfig(connectionConfig());
        }
    }

    /** One endpoint is done with the account; true when it was the last. */
    boolean leave() {
        return --users == 0;
    }

    String account() {
        return account;
    }

    CloseableHttpClient http() {
        return http;
    }

    InFlight writes() {
        return writes;
    }

    /** Waits for the turn of one more request: this JVM's, then, when shared, that of every JVM sharing the account. */
    void acquire() throws InterruptedException {
        rate.acquire();
        SharedLimits limits = shared;
        double perSecond = rate.perSecond();
        if (limits != null && perSecond > 0) {
            limits.awaitTurn(sharedName, perSecond);
        }
    }

    /** Waits for a write slot: one of this JVM's, then, when shared, one of every JVM sharing the account. */
    SharedLimits.Slot writeSlot() throws InterruptedException {
        writes.acquire();
        SharedLimits limits = shared;
        if (limits == null) {
            return writes::release;
        }
        SharedLimits.Slot slot;
        try {
            slot = limits.writeSlot(sharedName, writes.max());
        } catch (InterruptedException | RuntimeException e) {
            writes.release();
            throw e;
        }
        return () -> {
            try {
                slot.close();
            } finally {
                writes.release();
            }
        };
    }

    private ConnectionConfig connectionConfig() {
        return ConnectionConfig.custom()
                .setConnectTimeout(Timeout.ofMilliseconds(connectTimeoutMs))
                // A pooled connection idle this long is checked before reuse, so that a
                // connection the server closed does not cost an attempt.
                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                .build();
    }

    void closeConnections() {
        http.close(CloseMode.GRACEFUL);
    }

    @Override
    public void close() {
        owner.release(this);
    }

    /** The account as other JVMs name it: the same for the same base URL and key, and no key in it. */
    private static String digest(String account) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(account.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
