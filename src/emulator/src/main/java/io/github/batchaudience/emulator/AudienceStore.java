package io.github.batchaudience.emulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The emulator's state: audiences per app key, their members, and indexing tokens. A write is
 * accepted at once and applied after the indexing delay plus jitter, so two writes may be
 * applied in another order than received; until then membership and nb_ids are unchanged and
 * its token is IN_PROGRESS. With a windowed {@link BatchEmulator.IndexingOrder}, the writes of an
 * audience accepted within one window are applied together, reversed or shuffled.
 */
final class AudienceStore {
    static final String IN_PROGRESS = "IN_PROGRESS";
    static final String APPLIED = "APPLIED";
    static final String REPLACED = "REPLACED";
    /** As the docs show them ({@code 2018-06-29T13:12:09}): UTC, to the second, no zone suffix. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    static final class Audience {
        final String name;
        final String type;
        final String description;
        final Instant created;
        Instant updated;
        /** ID to its attributes and tags as JSON, or null when it has none: compact for millions. */
        final Map<String, byte[]> members = new HashMap<>();
        String lastToken;
        long order;
        /** Writes accepted so far, and the acceptance number of the last replace applied (-1: none). */
        long accepted;
        long lastReplaceApplied = -1;
        /** Writes accepted in the open indexing window (windowed orders only), or null when none is open. */
        List<Runnable> window;

        Audience(String name, String type, String description, Instant created, long order) {
            this.name = name;
            this.type = type;
            this.description = description;
            this.created = created;
            this.updated = created;
            this.order = order;
        }
    }

    private static final class Token {
        final Audience audience;
        final long number;
        volatile String state = IN_PROGRESS;

        Token(Audience audience, long number) {
            this.audience = audience;
            this.number = number;
        }
    }

    private final Map<String, Map<String, Audience>> byAppKey = new ConcurrentHashMap<>();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final ScheduledExecutorService indexer;
    private final Random random;
    /**
     * Writes accepted and not applied yet, since the last reset: reset starts a new count, so that
     * writes of forgotten audiences (applied to nothing anyone can see) are not waited for.
     */
    private volatile AtomicInteger pending = new AtomicInteger();
    private volatile long indexingDelayMs;
    private volatile BatchEmulator.IndexingOrder indexingOrder = BatchEmulator.IndexingOrder.JITTER;
    private long creations;

    AudienceStore(ScheduledExecutorService indexer, Random random, long indexingDelayMs) {
        this.indexer = indexer;
        this.random = random;
        this.indexingDelayMs = indexingDelayMs;
    }

    void setIndexingDelayMs(long ms) {
        indexingDelayMs = ms;
    }

    void setIndexingOrder(BatchEmulator.IndexingOrder order) {
        indexingOrder = order;
    }

    private Map<String, Audience> audiences(String appKey) {
        return byAppKey.computeIfAbsent(appKey, k -> new ConcurrentHashMap<>());
    }

    Audience get(String appKey, String name) {
        Audience a = audiences(appKey).get(name);
        if (a == null) {
            throw ApiError.notFound("custom audience " + name + " does not exist");
        }
        return a;
    }

    synchronized void create(String appKey, String name, String type, String description) {
        Map<String, Audience> all = audiences(appKey);
        if (all.containsKey(name)) {
            throw ApiError.misuse("custom audience " + name + " already exists");
        }
        all.put(name, new Audience(name, type, description, now(), creations++));
    }

    void delete(String appKey, String name) {
        if (audiences(appKey).remove(name) == null) {
            throw ApiError.notFound("custom audience " + name + " does not exist");
        }
    }

    /** A token for something done at once (an audience created): already applied. */
    String settledToken(Audience audience) {
        String tokenId = newToken();
        Token token;
        synchronized (audience) {
            token = new Token(audience, audience.accepted++);
        }
        token.state = APPLIED;
        tokens.put(tokenId, token);
        return tokenId;
    }

    /** Accepts a write and schedules it; returns its token. */
    String write(Audience audience, IdsBody body, boolean replace, Rules rules) {
        // Duplicates by the version's rule: applied in order, the last action of an ID wins (1.1,
        // 2.x); in 1.0 an ID removed anywhere in the request is removed, so its adds are left out.
        Set<String> removed = rules.lastActionWins() ? Set.of() : removedIds(body.elements);
        String tokenId = newToken();
        Token token;
        synchronized (audience) {
            token = new Token(audience, audience.accepted++);
            audience.lastToken = tokenId;
        }
        tokens.put(tokenId, token);
        long delay = indexingDelayMs;
        AtomicInteger counted = pending;
        counted.incrementAndGet();
        Runnable applied = () -> apply(audience, body.elements, removed, replace, token, counted);
        if (indexingOrder == BatchEmulator.IndexingOrder.JITTER) {
            long jitter;
            synchronized (random) {
                jitter = delay <= 0 ? 0 : (long) (random.nextDouble() * delay);
            }
            indexer.schedule(applied, delay + jitter, TimeUnit.MILLISECONDS);
        } else {
            synchronized (audience) {
                if (audience.window == null) {
                    audience.window = new ArrayList<>();
                    indexer.schedule(() -> closeWindow(audience), delay, TimeUnit.MILLISECONDS);
                }
                audience.window.add(applied);
            }
        }
        return tokenId;
    }

    /** Applies the writes of the audience's window, in the windowed order, under its lock: a view sees all or none. */
    private void closeWindow(Audience audience) {
        synchronized (audience) {
            List<Runnable> writes = audience.window;
            audience.window = null;
            if (indexingOrder == BatchEmulator.IndexingOrder.SHUFFLED) {
                synchronized (random) {
                    Collections.shuffle(writes, random);
                }
            } else {
                Collections.reverse(writes);
            }
            writes.forEach(Runnable::run);
        }
    }

    private static Set<String> removedIds(List<IdsBody.Element> elements) {
        Set<String> removed = new HashSet<>();
        for (IdsBody.Element e : elements) {
            if (e.remove) {
                removed.add(e.id);
            }
        }
        return removed;
    }

    private void apply(Audience audience, List<IdsBody.Element> elements, Set<String> removed, boolean replace,
                       Token token, AtomicInteger counted) {
        try {
            synchronized (audience) {
                if (replace) {
                    audience.members.clear();
                    audience.lastReplaceApplied = Math.max(audience.lastReplaceApplied, token.number);
                }
                for (IdsBody.Element e : elements) {
                    if (e.remove) {
                        audience.members.remove(e.id);
                    } else if (removed.isEmpty() || !removed.contains(e.id)) {
                        audience.members.put(e.id, e.extras);
                    }
                }
                audience.updated = now();
                // Under the audience's lock, as view reads it: a view never pairs IN_PROGRESS
                // with the members this write already changed.
                token.state = APPLIED;
            }
        } finally {
            counted.decrementAndGet();
        }
    }

    private String newToken() {
        synchronized (random) {
            return String.format("%016x%016x", random.nextLong(), random.nextLong());
        }
    }

    /** The view body; with a token, that token's state, else the audience's last write's. */
    Map<String, Object> view(String appKey, String name, String token) {
        return view(appKey, name, token, false);
    }

    /**
     * As {@link #view(String, String, String)}; with {@code reportsReplaced} (the Audiences API),
     * a write accepted before a replace of the audience that is applied is {@code REPLACED}.
     */
    Map<String, Object> view(String appKey, String name, String token, boolean reportsReplaced) {
        Audience a = get(appKey, name);
        Token given = null;
        if (token != null) {
            given = tokens.get(token);
            if (given == null || given.audience != a) {
                throw ApiError.malformed("unknown indexing_token for audience " + name);
            }
        }
        synchronized (a) {
            Token t = given != null ? given : a.lastToken == null ? null : tokens.get(a.lastToken);
            Map<String, Object> view = summary(a);
            boolean replaced = reportsReplaced && t != null && t.number < a.lastReplaceApplied;
            view.put("indexing_state", t == null ? APPLIED : replaced ? REPLACED : t.state);
            return view;
        }
    }

    private static Map<String, Object> summary(Audience a) {
        Map<String, Object> out = new LinkedHashMap<>();
        synchronized (a) {
            out.put("name", a.name);
            out.put("type", a.type);
            out.put("description", a.description);
            out.put("created", TIMESTAMP.format(a.created));
            out.put("updated", TIMESTAMP.format(a.updated));
            out.put("nb_ids", a.members.size());
        }
        return out;
    }

    /** Newest first. */
    List<Map<String, Object>> list(String appKey, int from, int limit) {
        List<Audience> all = new ArrayList<>(audiences(appKey).values());
        all.sort(Comparator.comparingLong((Audience a) -> a.order).reversed());
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = from; i < all.size() && out.size() < limit; i++) {
            out.add(summary(all.get(i)));
        }
        return out;
    }

    /** The applied members, sorted by ID. */
    List<Map.Entry<String, byte[]>> members(String appKey, String name) {
        Audience a = audiences(appKey).get(name);
        if (a == null) {
            return List.of();
        }
        List<Map.Entry<String, byte[]>> out;
        synchronized (a) {
            out = new ArrayList<>(a.members.entrySet().size());
            for (Map.Entry<String, byte[]> e : a.members.entrySet()) {
                out.add(Map.entry(e.getKey(), e.getValue() == null ? new byte[0] : e.getValue()));
            }
        }
        out.sort(Map.Entry.comparingByKey());
        return out;
    }

    int pending() {
        return pending.get();
    }

    void reset() {
        byAppKey.clear();
        tokens.clear();
        pending = new AtomicInteger();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
