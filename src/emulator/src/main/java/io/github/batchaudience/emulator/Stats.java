package io.github.batchaudience.emulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests received by method and status (0 for a dropped connection), IDs accepted per method,
 * and the most writes (every method but GET) seen in flight at once: what a client's cap on its
 * parallel requests is checked against.
 */
final class Stats {
    private final Map<String, Map<Integer, LongAdder>> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> idsReceived = new ConcurrentHashMap<>();
    private int writesInFlight;
    private int maxWritesInFlight;

    synchronized void writeStarted() {
        maxWritesInFlight = Math.max(maxWritesInFlight, ++writesInFlight);
    }

    synchronized void writeEnded() {
        writesInFlight--;
    }

    private synchronized int maxWritesInFlight() {
        return maxWritesInFlight;
    }

    void request(String method, int status) {
        requests.computeIfAbsent(method, m -> new ConcurrentHashMap<>()).computeIfAbsent(status, s -> new LongAdder())
                .increment();
    }

    void idsAccepted(String method, int count) {
        idsReceived.computeIfAbsent(method, m -> new LongAdder()).add(count);
    }

    Map<String, Object> snapshot() {
        Map<String, Object> byMethod = new TreeMap<>();
        requests.forEach((method, statuses) -> {
            Map<String, Long> counts = new TreeMap<>();
            statuses.forEach((status, n) -> counts.put(status == 0 ? "dropped" : String.valueOf(status), n.sum()));
            byMethod.put(method, counts);
        });
        Map<String, Object> ids = new TreeMap<>();
        idsReceived.forEach((method, n) -> ids.put(method, n.sum()));
        Map<String, Object> out = new TreeMap<>();
        out.put("requests", byMethod);
        out.put("ids_received", ids);
        out.put("max_writes_in_flight", maxWritesInFlight());
        return out;
    }

    void reset() {
        synchronized (this) {
            maxWritesInFlight = writesInFlight;
        }
        requests.clear();
        idsReceived.clear();
    }
}
