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
 * The Custom Audience API 1.x of one app: {@code /{1.0|1.1}/APP_KEY/custom-audience[/NAME]},
 * the REST key in {@code X-Authorization}. An audience lives in 1.0 (custom and advertising IDs)
 * or 1.1 (install IDs). Create is {@code POST /NAME}, update {@code PATCH}, replace {@code PUT}
 * (1.1), view {@code GET /NAME[?indexing_token=T]}, list {@code GET ?from=&limit=}, delete
 * {@code DELETE}. The app key is in every URL: nothing here names a URL in what it throws.
 */
public final class CustomAudienceClient implements BatchApiClient {
    private static final int LIST_PAGE = 100;

    private final String baseUrl;
    private final String encodedApiKey;
    private final HttpTransport http;

    public CustomAudienceClient(ClientSettings settings, SharedAccounts accounts) {
        this.baseUrl = settings.baseUrl();
        this.encodedApiKey = URLEncoder.encode(settings.apiKey(), StandardCharsets.UTF_8).replace("+", "%20");
        this.http = new HttpTransport(settings, Map.of("X-Authorization", settings.restApiKey()), accounts);
    }

    @Override
    public ApiDialect dialect(IdType idType) {
        return ApiDialect.of(idType);
    }

    /** 1.0 audiences first, then 1.1: a name lives in one of them. */
    @Override
    public IdType typeOf(String audience, CallCounter counter) throws ApiException, InterruptedException {
        Map<String, Object> view;
        try {
            view = call("GET", "1.0", audience, null, null, counter);
        } catch (ApiException notIn10) {
            if (!notIn10.isNotFound() && notIn10.getStatus() != 400) {
                throw notIn10;
            }
            try {
                view = call("GET", "1.1", audience, null, null, counter);
            } catch (ApiException notIn11) {
                throw notIn11.isNotFound() ? notIn10 : notIn11;
            }
        }
        IdType type = IdType.fromApi(String.valueOf(view.get("type")));
        if (type == null) {
            throw new IllegalStateException("audience " + audience + " has a type this component does not know");
        }
        return type;
    }

    /** 1.0 needs the type; 1.1 audiences are always install_ids. */
    @Override
    public void create(String audience, IdType idType, String description, CallCounter counter)
            throws ApiException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        if (idType != IdType.install_ids) {
            body.put("type", idType.name());
        }
        body.put("description", description == null ? "" : description);
        call("POST", idType.apiVersion(), audience, null, HttpTransport.json(body), counter);
    }

    @Override
    public String update(String audience, IdType idType, byte[] body, CallCounter counter)
            throws ApiException, InterruptedException {
        return HttpTransport.token(write("PATCH", idType.apiVersion(), audience, body, counter));
    }

    @Override
    public String replace(String audience, IdType idType, byte[] body, CallCounter counter)
            throws ApiException, InterruptedException {
        return HttpTransport.token(write("PUT", idType.apiVersion(), audience, body, counter));
    }

    @Override
    public Map<String, Object> view(String audience, IdType idType, String token, CallCounter counter)
            throws ApiException, InterruptedException {
        String query = token == null ? null : "indexing_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return call("GET", idType.apiVersion(), audience, query, null, counter);
    }

    /** Pages of 100 by offset, newest first, joined under {@code custom_audiences}; 1.0's list unless asked. */
    @Override
    public Map<String, Object> list(IdType idType, CallCounter counter) throws ApiException, InterruptedException {
        String version = idType == null ? "1.0" : idType.apiVersion();
        List<Object> all = new ArrayList<>();
        for (int from = 0;; from += LIST_PAGE) {
            Object page = call("GET", version, null, "from=" + from + "&limit=" + LIST_PAGE, null, counter)
                    .get("custom_audiences");
            List<?> items = page instanceof List ? (List<?>) page : List.of();
            all.addAll(items);
            if (items.size() < LIST_PAGE) {
                break;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("custom_audiences", all);
        return out;
    }

    @Override
    public void delete(String audience, IdType idType, CallCounter counter) throws ApiException, InterruptedException {
        call("DELETE", idType.apiVersion(), audience, null, null, counter);
    }

    @Override
    public void probe() throws ApiException, InterruptedException {
        http.execute("GET", uri("1.0", null, "from=0&limit=1"), null, "GET custom-audience list", new CallCounter(), 1);
    }

    private Map<String, Object> call(String method, String version, String audience, String query, byte[] body,
                                     CallCounter counter)
            throws ApiException, InterruptedException {
        String what = method + " " + (audience == null ? "custom-audience list" : audience);
        return http.execute(method, uri(version, audience, query), body, what, counter);
    }

    private Map<String, Object> write(String method, String version, String audience, byte[] body, CallCounter counter)
            throws ApiException, InterruptedException {
        return http.executeWrite(method, uri(version, audience, null), body, method + " " + audience, counter);
    }

    private String uri(String version, String audience, String query) {
        return baseUrl + "/" + version + "/" + encodedApiKey + "/custom-audience"
               + (audience == null ? "" : "/" + audience) + (query == null ? "" : "?" + query);
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
