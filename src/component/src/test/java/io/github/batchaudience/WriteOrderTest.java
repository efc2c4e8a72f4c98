package io.github.batchaudience;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.batchaudience.emulator.BatchEmulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The writes of one audience are applied in the order their exchanges were sent, on an emulator
 * that applies the writes of an audience accepted within one indexing window the last first (as
 * Batch may: it documents no order).
 */
class WriteOrderTest extends BatchAudienceTestSupport {
    private static final String UPDATE = "batch-audience:update/ordered?idType=install_ids";

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        // A second component on the same account: writes made elsewhere (another JVM, an earlier run).
        addComponentElsewhere(context);
        return context;
    }

    @BeforeEach
    void reorderingEmulator() {
        emulator.setIndexingDelayMs(150);
        emulator.setIndexingOrder(BatchEmulator.IndexingOrder.REVERSE);
    }

    /** 20 members, each with attribute gen. */
    private static String generation(int gen) {
        return "id,gen:int\n" + IntStream.range(0, 20).mapToObj(i -> "m" + i + "," + gen + "\n").collect(Collectors.joining());
    }

    private static Set<Object> generations() {
        return emulator.members("ordered").stream().map(m -> m.attributes().get("gen")).collect(Collectors.toSet());
    }

    @Test
    void tenUpdatesSentOneAfterTheOtherEndWithTheLast() throws Exception {
        for (int gen = 1; gen <= 10; gen++) {
            write(UPDATE + "&autoCreate=true", generation(gen));
        }
        write(UPDATE + "&waitForIndexing=true", generation(11));
        assertThat(emulator.members("ordered")).hasSize(20);
        assertThat(generations()).containsExactly(11);
    }

    @Test
    void endpointsOfOneAudienceShareItsOrder() throws Exception {
        createAudience("ordered", "install_ids");
        write(UPDATE, generation(1));
        write(UPDATE + "&batchSize=7", generation(2));
        write("batch-audience:update/ordered?idType=install_ids&parallelRequests=1", generation(3));
        awaitIdle();
        assertThat(generations()).containsExactly(3);
    }

    @Test
    void tokensOfWritesMadeElsewhereAreAwaitedWhenNamed() throws Exception {
        createAudience("ordered", "install_ids");
        BatchAudienceResult elsewhere = write("batch-audience-elsewhere:update/ordered?idType=install_ids", generation(1));
        Exchange exchange = template.send(UPDATE, e -> {
            e.getIn().setBody(generation(2));
            e.getIn().setHeader(BatchAudienceConstants.AWAIT_TOKENS, elsewhere.getTokens());
        });
        assertThat(exchange.getException()).isNull();
        awaitIdle();
        assertThat(generations()).containsExactly(2);
    }

    /** The audience deleted and created again elsewhere: Batch no longer knows the earlier token (400). */
    @Test
    void anEarlierTokenTheApiNoLongerKnowsIsNotWaitedFor() throws Exception {
        createAudience("ordered", "install_ids");
        write(UPDATE, generation(1));
        emulator.reset();
        reorderingEmulator();
        createAudience("ordered", "install_ids");
        write(UPDATE + "&waitForIndexing=true", generation(2));
        assertThat(generations()).containsExactly(2);
    }

    @Test
    void aDryRunNeitherWaitsNorHoldsBack() throws Exception {
        createAudience("ordered", "install_ids");
        emulator.setIndexingDelayMs(600_000);
        write(UPDATE, generation(1));
        BatchAudienceResult dry = write(UPDATE + "&dryRun=true", generation(2));
        assertThat(dry.isDryRun()).isTrue();
        assertThat(emulator.pendingWrites()).isEqualTo(1);
    }

    private static void awaitIdle() {
        await().until(() -> emulator.pendingWrites() == 0);
    }
}
