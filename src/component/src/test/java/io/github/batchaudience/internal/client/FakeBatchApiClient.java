package io.github.batchaudience.internal.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.batchaudience.model.IdType;

/**
 * The API in memory, for tests of what the component does with its answers without HTTP: audiences
 * of one app, every write applied at once, and the faults a test asks for. It keeps the calls it
 * received, so that a test can say what was sent.
 */
public final class FakeBatchApiClient implements BatchApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Audience> audiences = new LinkedHashMap<>();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final Map<Integer, ApiException> failures = new HashMap<>();
    private final AtomicInteger tokens = new AtomicInteger();
    private Predicate<String> refused = id -> false;

    private static final class Audience {
        final IdType type;
        final Set<String> members = new LinkedHashSet<>();

        Audience(IdType type) {
            this.type = type;
        }
    }

    /** An audience that already exists, with these members. */
    public synchronized FakeBatchApiClient with(String audience, IdType type, String... members) {
        Audience a = new Audience(type);
        Collections.addAll(a.members, members);
        audiences.put(audience, a);
        return this;
    }

    /** The next call fails with this status. */
    public synchronized FakeBatchApiClient failNext(int status) {
        return failAfter(0, status);
    }

    /** The call after the next {@code calls} ones fails with this status. */
    public synchronized FakeBatchApiClient failAfter(int calls, int status) {
        failures.put(this.calls.size() + calls + 1,
                     new ApiException(status, ApiError.of(status, null), null, "fault " + status, 1, null));
        return this;
    }

    /** A write that carries one of these IDs is refused as a whole (400), as the API does. */
    public synchronized FakeBatchApiClient refusing(Predicate<String> ids) {
        this.refused = ids;
        return this;
    }

    /** Deletes the audience as someone else would, behind the component's back. */
    public synchronized void deleteElsewhere(String audience) {
        audiences.remove(audience);
    }

    public synchronized Set<String> members(String audience) {
        Audience a = audiences.get(audience);
        return a == null ? null : new LinkedHashSet<>(a.members);
    }

    public synchronized boolean exists(String audience) {
        return audiences.containsKey(audience);
    }

    /** Every call received, as {@code METHOD version audience[ n=IDs]}. */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    @Override
    public synchronized void create(String version, String audience, byte[] body, CallCounter counter)
            throws ApiException {
        call(counter, "POST " + version + " " + audience);
        if (audiences.containsKey(audience)) {
            throw new ApiException(403, ApiError.API_MISUSE, 12, "audience already exists", 1, null);
        }
        JsonNode type = read(body).get("type");
        audiences.put(audience, new Audience("1.1".equals(version) ? IdType.install_ids : IdType.fromApi(type.asText())));
    }

    @Override
    public synchronized String update(String version, String audience, byte[] body, CallCounter counter)
            throws ApiException {
        List<JsonNode> ids = ids(body);
        call(counter, "PATCH " + version + " " + audience + " n=" + ids.size());
        Audience a = find(version, audience);
        refuseIfAsked(ids);
        for (JsonNode e : ids) {
            if ("remove".equals(e.path("action").asText())) {
                a.members.remove(idOf(e));
            } else {
                a.members.add(idOf(e));
            }
        }
        return "t" + tokens.incrementAndGet();
    }

    @Override
    public synchronized String replace(String version, String audience, byte[] body, CallCounter counter)
            throws ApiException {
        List<JsonNode> ids = ids(body);
        call(counter, "PUT " + version + " " + audience + " n=" + ids.size());
        Audience a = find(version, audience);
        refuseIfAsked(ids);
        a.members.clear();
        ids.forEach(e -> a.members.add(idOf(e)));
        return "t" + tokens.incrementAndGet();
    }

    @Override
    public synchronized Map<String, Object> view(String version, String audience, String token, CallCounter counter)
            throws ApiException {
        call(counter, "GET " + version + " " + audience);
        Audience a = find(version, audience);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", audience);
        view.put("type", a.type.name());
        view.put("nb_ids", a.members.size());
        if (token != null) {
            view.put("indexing_state", "APPLIED");
        }
        return view;
    }

    @Override
    public synchronized Map<String, Object> list(String version, int from, int limit, CallCounter counter)
            throws ApiException {
        call(counter, "LIST " + version + " from=" + from);
        List<Object> page = new ArrayList<>();
        List<String> names = new ArrayList<>(audiences.keySet());
        Collections.reverse(names);
        for (int i = from; i < Math.min(names.size(), from + limit); i++) {
            page.add(Map.of("name", names.get(i)));
        }
        return Map.of("custom_audiences", page);
    }

    @Override
    public synchronized void delete(String version, String audience, CallCounter counter) throws ApiException {
        call(counter, "DELETE " + version + " " + audience);
        find(version, audience);
        audiences.remove(audience);
    }

    @Override
    public void probe() {
    }

    @Override
    public void close() {
    }

    private void call(CallCounter counter, String what) throws ApiException {
        counter.attempt(1);
        calls.add(what);
        ApiException failure = failures.remove(calls.size());
        if (failure != null) {
            throw failure;
        }
    }

    /** As the API: an audience is found only under its own version. */
    private Audience find(String version, String audience) throws ApiException {
        Audience a = audiences.get(audience);
        if (a == null || !a.type.apiVersion().equals(version)) {
            throw new ApiException(404, ApiError.ROUTE_NOT_FOUND, 20, "audience not found", 1, null);
        }
        return a;
    }

    private void refuseIfAsked(List<JsonNode> ids) throws ApiException {
        for (JsonNode e : ids) {
            if (refused.test(idOf(e))) {
                throw new ApiException(400, ApiError.MALFORMED_PARAMETER, 31, "invalid id " + idOf(e), 1, null);
            }
        }
    }

    private static String idOf(JsonNode element) {
        return element.path("id").asText();
    }

    private static List<JsonNode> ids(byte[] body) {
        List<JsonNode> out = new ArrayList<>();
        read(body).path("ids").forEach(out::add);
        return out;
    }

    private static JsonNode read(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + new String(body), e);
        }
    }
}
