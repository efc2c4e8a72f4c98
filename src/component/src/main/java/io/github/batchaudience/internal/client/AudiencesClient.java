package io.github.batchaudience.internal.client;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.batchaudience.model.IdType;

/**
 * The Audiences API 2.x of one project: {@code POST /{version}/audiences/{create,update,replace,
 * remove}} with the audience named in the body, {@code GET …/audiences/view?name=} and
 * {@code …/audiences/list?limit=&from=}; the REST key as a bearer token and the project key in
 * {@code X-Batch-Project}. Its audiences hold custom IDs only.
 */
public final class AudiencesClient implements BatchApiClient {
    private static final int LIST_PAGE = 100;

    private final String root;
    private final HttpTransport http;

    public AudiencesClient(ClientSettings settings, SharedAccounts accounts) {
        this.root = settings.baseUrl() + "/" + settings.apiVersion() + "/audiences/";
        this.http = new HttpTransport(settings, Map.of("Authorization", "Bearer " + settings.restApiKey(),
                                                       "X-Batch-Project", settings.projectKey()),
                                      accounts);
    }

    @Override
    public ApiDialect dialect(IdType idType) {
        return ApiDialect.AUDIENCES_2;
    }

    /** The API says {@code CUSTOM_ID}; it holds nothing else. */
    @Override
    public IdType typeOf(String audience, CallCounter counter) throws ApiException, InterruptedException {
        Object type = view(audience, IdType.custom_ids, null, counter).get("type");
        if (!"CUSTOM_ID".equalsIgnoreCase(String.valueOf(type)) && !"custom_ids".equals(type)) {
            throw new IllegalStateException("audience " + audience + " has a type this component does not know: " + type);
        }
        return IdType.custom_ids;
    }

    /** The description, when set, is the audience's display name. */
    @Override
    public void create(String audience, IdType idType, String description, CallCounter counter)
            throws ApiException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", audience);
        body.put("type", IdType.custom_ids.name());
        if (description != null && !description.isBlank()) {
            body.put("display_name", description);
        }
        http.execute("POST", root + "create", HttpTransport.json(body), "create " + audience, counter);
    }

    @Override
    public String update(String audience, IdType idType, byte[] body, CallCounter counter)
            throws ApiException, InterruptedException {
        return HttpTransport.token(http.executeWrite("POST", root + "update", body, "update " + audience, counter));
    }

    @Override
    public String replace(String audience, IdType idType, byte[] body, CallCounter counter)
            throws ApiException, InterruptedException {
        return HttpTransport.token(http.executeWrite("POST", root + "replace", body, "replace " + audience, counter));
    }

    @Override
    public Map<String, Object> view(String audience, IdType idType, String token, CallCounter counter)
            throws ApiException, InterruptedException {
        String uri = root + "view?name=" + encode(audience) + (token == null ? "" : "&indexing_token=" + encode(token));
        return http.execute("GET", uri, null, "view " + audience, counter);
    }

    /** Pages of 100, newest first, each asking from the previous page's {@code next_from}, joined under {@code audiences}. */
    @Override
    public Map<String, Object> list(IdType idType, CallCounter counter) throws ApiException, InterruptedException {
        List<Object> all = new ArrayList<>();
        String from = null;
        do {
            Map<String, Object> page = http.execute("GET", root + "list?limit=" + LIST_PAGE
                                                           + (from == null ? "" : "&from=" + encode(from)),
                                                    null, "audience list", counter);
            Object items = page.get("audiences");
            if (items instanceof List) {
                all.addAll((List<?>) items);
            }
            Object next = page.get("next_from");
            from = Boolean.TRUE.equals(page.get("has_more")) && next != null ? next.toString() : null;
        } while (from != null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("audiences", all);
        return out;
    }

    @Override
    public void delete(String audience, IdType idType, CallCounter counter) throws ApiException, InterruptedException {
        http.execute("POST", root + "remove", HttpTransport.json(Map.of("name", audience)), "remove " + audience,
                     counter);
    }

    @Override
    public void probe() throws ApiException, InterruptedException {
        http.execute("GET", root + "list?limit=1", null, "audience list", new CallCounter(), 1);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
