package io.github.batchaudience.integration.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.batchaudience.BatchAudienceComponent;
import io.github.batchaudience.BatchAudienceConfiguration;
import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.SharedLimits;
import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.integration.testsupport.TestPostgres;
import io.github.batchaudience.model.IdType;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batch limits an account, not a process: two replicas of an application, each with two sources
 * (a file route and an event route) writing through three endpoints to one app, are held to one
 * maxRequestsPerSecond together when they share the PostgreSQL state. The emulator answers 429
 * past 28 requests in a wall-clock second; each replica alone asks for 20 a second. Their
 * parallelRequests are held together too, which the emulator checks by the most writes it sees in
 * flight at once.
 */
class SharedRequestRateIT {
    private static final int RATE = 20;
    private static TestPostgres postgres;
    private static StateDatabase database;

    private final List<CamelContext> replicas = new ArrayList<>();
    private BatchEmulator batch;

    @BeforeAll
    static void startDatabase() throws Exception {
        postgres = TestPostgres.start();
        database = TestStateDatabases.start(postgres, "rate");
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        database.stop();
        postgres.close();
    }

    @AfterEach
    void stop() {
        replicas.forEach(CamelContext::stop);
        if (batch != null) {
            batch.close();
        }
    }

    @Test
    void twoReplicasSharingTheStateAreHeldToOneRate() throws Exception {
        batch = BatchEmulator.builder().rateLimit(RATE + 8).indexingDelayMs(5).build().start();
        SharedLimits shared = new JdbcSharedLimits(database.dataSource());
        sendFromEveryReplica(replica(shared, RATE, 2), replica(shared, RATE, 2));

        assertThat(answered(429)).as("requests refused for the rate").isZero();
    }

    /** Without the shared rate, the same load goes at twice the rate: the test above can fail. */
    @Test
    void replicasThatDoNotShareItSendTheirRatesAddedUp() throws Exception {
        batch = BatchEmulator.builder().rateLimit(RATE + 8).indexingDelayMs(5).build().start();
        sendFromEveryReplica(replica(null, RATE, 2), replica(null, RATE, 2));

        assertThat(answered(429)).as("requests refused for the rate").isPositive();
    }

    @Test
    void twoReplicasSharingTheStateHoldOneWriteInFlightBetweenThem() throws Exception {
        batch = BatchEmulator.builder().latencyMs(20).indexingDelayMs(5).build().start();
        SharedLimits shared = new JdbcSharedLimits(database.dataSource());
        sendFromEveryReplica(replica(shared, 0, 1), replica(shared, 0, 1));

        assertThat(batch.stats().get("max_writes_in_flight")).as("writes in flight at once").isEqualTo(1);
    }

    /** Without the shared slots, each replica has its own: the test above can fail. */
    @Test
    void replicasThatDoNotShareTheirSlotsWriteSideBySide() throws Exception {
        batch = BatchEmulator.builder().latencyMs(20).indexingDelayMs(5).build().start();
        sendFromEveryReplica(replica(null, 0, 1), replica(null, 0, 1));

        assertThat(batch.stats().get("max_writes_in_flight")).as("writes in flight at once").isEqualTo(2);
    }

    /** Each replica's two sources write 10 requests to each of three audiences, all at once (three callers). */
    private void sendFromEveryReplica(CamelContext... contexts) throws Exception {
        List<ProducerTemplate> templates = new ArrayList<>();
        for (CamelContext context : contexts) {
            templates.add(context.createProducerTemplate());
        }
        // Created one after the other first: the writes in flight are then the updates' alone.
        for (String audience : List.of("rate-a", "rate-b", "rate-c")) {
            templates.get(0).requestBody("batch-audience:create/" + audience, (Object) null);
        }
        String replicaIds = IntStream.range(0, contexts.length).mapToObj(String::valueOf).collect(Collectors.joining());
        for (int r = 0; r < contexts.length; r++) {
            ProducerTemplate template = templates.get(r);
            template.asyncRequestBodyAndHeader("direct:files", ids("f" + r), "audience", "rate-a");
            template.asyncRequestBodyAndHeader("direct:files", ids("g" + r), "audience", "rate-b");
            template.asyncRequestBodyAndHeader("direct:events", ids("e" + r), "audience", "rate-c");
        }
        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> {
            for (String audience : List.of("rate-a", "rate-b", "rate-c")) {
                assertThat(batch.members(audience)).as(audience + " from replicas " + replicaIds)
                        .hasSize(100 * contexts.length);
            }
        });
    }

    private CamelContext replica(SharedLimits shared, double rate, int parallel) throws Exception {
        CamelContext context = new DefaultCamelContext();
        BatchAudienceConfiguration c = context.getComponent("batch-audience", BatchAudienceComponent.class)
                .getConfiguration();
        c.setBaseUrl(batch.baseUrl());
        c.setApiKey(batch.apiKey());
        c.setRestApiKey(batch.restApiKey());
        c.setIdType(IdType.custom_ids);
        c.setAutoCreate(true);
        c.setBatchSize(10);
        c.setMaxRequestsPerSecond(rate);
        c.setParallelRequests(parallel);
        c.setSharedLimits(shared);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:files").toD("batch-audience:update/${header.audience}");
                from("direct:events").toD("batch-audience:update/${header.audience}");
            }
        });
        context.start();
        replicas.add(context);
        return context;
    }

    private static String ids(String prefix) {
        return IntStream.range(0, 100).mapToObj(i -> prefix + "-" + i).collect(Collectors.joining("\n", "id\n", "\n"));
    }

    private long answered(int status) {
        Map<?, ?> byMethod = (Map<?, ?>) batch.stats().get("requests");
        return byMethod.values().stream().map(m -> ((Map<?, ?>) m).get(String.valueOf(status)))
                .mapToLong(n -> n == null ? 0 : ((Number) n).longValue()).sum();
    }
}
