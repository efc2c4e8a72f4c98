package io.github.batchaudience.bench;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import org.apache.hc.client5.http.classic.methods.HttpPatch;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The least a Java program can do for the same requests: read lines, write each request's JSON
 * with Jackson's streaming generator, PATCH it with the HTTP client the component uses (Apache
 * HttpClient 5, pooled), as many requests in flight as the component's parallelRequests. No
 * validation, de-duplication or retries: the yardstick for what the component adds.
 */
final class BareLoop implements Closeable {
    private static final JsonFactory JSON = new JsonFactory();

    private final String url;
    private final String restApiKey;
    private final int batchSize;
    private final int parallel;
    private final CloseableHttpClient http;

    BareLoop(String baseUrl, String apiKey, String restApiKey, int batchSize, int parallel) {
        this.url = baseUrl + "/1.1/" + apiKey + "/custom-audience/" + Step.BARE.audience;
        this.restApiKey = restApiKey;
        this.batchSize = batchSize;
        this.parallel = parallel;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setMaxConnTotal(parallel)
                                              .setMaxConnPerRoute(parallel).build())
                .disableAutomaticRetries().build();
    }

    /** Sends every line of the file and returns once every request is answered. */
    void run(Path file) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(parallel);
        Semaphore slots = new Semaphore(parallel);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            in.readLine(); // the header
            ByteArrayBuilder body = new ByteArrayBuilder(1 << 20);
            JsonGenerator g = start(body);
            int inBatch = 0;
            String line;
            while ((line = in.readLine()) != null) {
                int c1 = line.indexOf(',');
                int c2 = line.indexOf(',', c1 + 1);
                int c3 = line.indexOf(',', c2 + 1);
                g.writeStartObject();
                g.writeStringField("action", "add");
                g.writeStringField("id", line.substring(0, c1));
                g.writeObjectFieldStart("attributes");
                g.writeNumberField("score", Long.parseLong(line, c1 + 1, c2, 10));
                g.writeStringField("city", line.substring(c2 + 1, c3));
                g.writeEndObject();
                g.writeArrayFieldStart("tags");
                g.writeString(line.substring(c3 + 1));
                g.writeEndArray();
                g.writeEndObject();
                if (++inBatch == batchSize) {
                    submit(finish(g, body), senders, slots, failure);
                    body = new ByteArrayBuilder(1 << 20);
                    g = start(body);
                    inBatch = 0;
                }
            }
            if (inBatch > 0) {
                submit(finish(g, body), senders, slots, failure);
            }
            slots.acquire(parallel);
        } finally {
            senders.shutdownNow();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static JsonGenerator start(ByteArrayBuilder body) throws IOException {
        JsonGenerator g = JSON.createGenerator(body);
        g.writeStartObject();
        g.writeArrayFieldStart("ids");
        return g;
    }

    private static byte[] finish(JsonGenerator g, ByteArrayBuilder body) throws IOException {
        g.writeEndArray();
        g.writeEndObject();
        g.close();
        return body.toByteArray();
    }

    private void submit(byte[] body, ExecutorService senders, Semaphore slots, AtomicReference<Exception> failure)
            throws Exception {
        slots.acquire();
        if (failure.get() != null) {
            throw failure.get();
        }
        senders.execute(() -> {
            try {
                HttpPatch patch = new HttpPatch(URI.create(url));
                patch.setHeader("X-Authorization", restApiKey);
                patch.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
                http.execute(patch, response -> {
                    EntityUtils.consume(response.getEntity());
                    if (response.getCode() != 201) {
                        throw new IOException("PATCH answered " + response.getCode());
                    }
                    return null;
                });
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            } finally {
                slots.release();
            }
        });
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
