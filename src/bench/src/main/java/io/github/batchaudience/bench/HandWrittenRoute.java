package io.github.batchaudience.bench;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AggregationStrategies;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;

/**
 * The route a Camel user writes by hand for the same job, with the usual EIPs and nothing the
 * component brings (no de-duplication, validation, retries or parallel sending): split the file
 * by line, streaming; turn each line into an element of {@code ids}; aggregate 10,000; marshal
 * with Jackson; PATCH with camel-http. Single-threaded, as such routes are written by default.
 * The last batch completes on the split's last line rather than after the completion timeout,
 * so that no idle wait is counted against it. The benchmark's only addition is a count of the
 * IDs sent, to know when the last batch is answered: the aggregator may send it after the
 * split's caller has its reply.
 */
final class HandWrittenRoute extends RouteBuilder {
    static final String URI = "direct:handwritten";

    private final String baseUrl;
    private final String apiKey;
    private final String restApiKey;
    private final AtomicLong sent = new AtomicLong();

    HandWrittenRoute(String baseUrl, String apiKey, String restApiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.restApiKey = restApiKey;
    }

    @Override
    public void configure() {
        from(URI)
                .split(body().tokenize("\n")).streaming()
                    .filter(exchangeProperty(Exchange.SPLIT_INDEX).isGreaterThan(0)) // the CSV header
                    .bean(HandWrittenRoute.class, "toElement")
                    .aggregate(constant(true), AggregationStrategies.groupedBody())
                        .completionSize(10_000)
                        .completionPredicate(exchangeProperty(Exchange.SPLIT_COMPLETE)).eagerCheckCompletion()
                        .completionTimeout(1_000)
                        .setBody(exchange -> Map.of("ids", exchange.getMessage().getBody(List.class)))
                        .marshal().json(JsonLibrary.Jackson)
                        .setHeader(Exchange.HTTP_METHOD, constant("PATCH"))
                        .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                        .setHeader("X-Authorization", constant(restApiKey))
                        .to(baseUrl + "/1.1/" + apiKey + "/custom-audience/" + Step.HANDWRITTEN.audience)
                        .process(exchange -> sent.addAndGet(exchange.getProperty(Exchange.AGGREGATED_SIZE,
                                                                                 Integer.class)))
                    .end()
                .end();
    }

    /** Sends the file through the route; returns once {@code ids} IDs were sent and answered. */
    void send(ProducerTemplate template, File file, long ids) throws InterruptedException {
        sent.set(0);
        template.sendBody(URI, file);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (sent.get() < ids) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the route sent " + sent.get() + " IDs of " + ids);
            }
            Thread.sleep(1);
        }
    }

    /** {@code id,score,city,tag} as the API's element. */
    public static Map<String, Object> toElement(String line) {
        String[] f = line.split(",");
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("score", Long.parseLong(f[1]));
        attributes.put("city", f[2]);
        Map<String, Object> element = new LinkedHashMap<>();
        element.put("action", "add");
        element.put("id", f[0]);
        element.put("attributes", attributes);
        element.put("tags", List.of(f[3]));
        return element;
    }
}
