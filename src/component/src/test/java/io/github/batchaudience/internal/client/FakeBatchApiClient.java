package io.github.batchaudience.internal.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
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
    private final Set<String> replacedTokens = new HashSet<>();
    private boolean replaceMeanwhile;

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

    /** Someone else replaces the audience right after the next replace: its token is REPLACED. */
    public synchronized FakeBatchApiClient replacedMeanwhile() {
        replaceMeanwhile = true;
        return this;
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
    public ApiDialect dialect(IdType idType) {
        return ApiDialect.of(idType);
    }

    @Override
    public synchronized IdType typeOf(String audience, CallCounter counter) throws ApiException {
        call(counter, "GET " + audience);
        return existing(audience).type;
    }

    @Override
    public synchronized void create(String audience, IdType idType, String description, CallCounter counter)
            throws ApiException {
        call(counter, "POST " + idType.apiVersion() + " " + audience);
        if (audiences.containsKey(audience)) {
            throw new ApiException(403, ApiError.API_MISUSE, 12, "audience already exists", 1, null);
        }
        audiences.put(audience, new Audience(idType));
    }

    @Override
    public synchronized String update(String audience, IdType idType, byte[] body, CallCounter counter)
            throws ApiException {
        List<JsonNode> ids = ids(body);
        call(counter, "PATCH " + idType.apiVersion() + " " + audience + " n=" + ids.size());
        Audience a = find(idType, audience);
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
    public synchronized String replace(String audience, IdType idType, byte[] body, CallCounter counter)
            throws ApiException {
        List<JsonNode> ids = ids(body);
        call(counter, "PUT " + idType.apiVersion() + " " + audience + " n=" + ids.size());
        Audience a = find(idType, audience);
        refuseIfAsked(ids);
        a.members.clear();
        ids.forEach(e -> a.members.add(idOf(e)));
        String token = "t" + tokens.incrementAndGet();
        if (replaceMeanwhile) {
            replaceMeanwhile = false;
            replacedTokens.add(token);
            a.members.clear();
        }
        return token;
    }

    @Override
    public synchronized Map<String, Object> view(String audience, IdType idType, String token, CallCounter counter)
            throws ApiException {
        call(counter, "GET " + idType.apiVersion() + " " + audience);
        Audience a = find(idType, audience);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", audience);
        view.put("type", a.type.name());
        view.put("nb_ids", a.members.size());
        if (token != null) {
            view.put("indexing_state", replacedTokens.contains(token) ? "REPLACED" : "APPLIED");
        }
        return view;
    }

    /** Newest first, in pages of 100 as the 1.x client reads them. */
    @Override
    public synchronized Map<String, Object> list(IdType idType, CallCounter counter) throws ApiException {
        List<String> names = new ArrayList<>(audiences.keySet());
        Collections.reverse(names);
        List<Object> all = new ArrayList<>();
        for (int from = 0; from == 0 || from <= names.size(); from += 100) {
            call(counter, "LIST from=" + from);
            for (int i = from; i < Math.min(names.size(), from + 100); i++) {
                all.add(Map.of("name", names.get(i)));
            }
        }
        return Map.of("custom_audiences", all);
    }

    @Override
    public synchronized void delete(String audience, IdType idType, CallCounter counter) throws ApiException {
        call(counter, "DELETE " + idType.apiVersion() + " " + audience);
        find(idType, audience);
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

    /** As the Custom Audience API: an audience is found only under its own version. */
    private Audience find(IdType idType, String audience) throws ApiException {
        Audience a = existing(audience);
        if (!a.type.apiVersion().equals(idType.apiVersion())) {
            throw notFound();
        }
        return a;
    }

    private Audience existing(String audience) throws ApiException {
        Audience a = audiences.get(audience);
        if (a == null) {
            throw notFound();
        }
        return a;
    }

    private static ApiException notFound() {
        return new ApiException(404, ApiError.ROUTE_NOT_FOUND, 20, "audience not found", 1, null);
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
