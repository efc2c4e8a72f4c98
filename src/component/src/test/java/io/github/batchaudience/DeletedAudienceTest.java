package io.github.batchaudience;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An audience deleted on Batch's side while the component knows it: its next write. */
class DeletedAudienceTest extends BatchAudienceTestSupport {

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        // Someone else on the account (the dashboard, another application), who deletes the audience.
        addComponentElsewhere(context);
        return context;
    }

    private static String ids(int from, int to) {
        return "id\n" + IntStream.range(from, to).mapToObj(i -> "u" + i + "\n").collect(Collectors.joining());
    }

    @Test
    void withAutoCreateTheAudienceIsCreatedAgainAndTheWriteSent() throws Exception {
        String uri = "batch-audience:update/gone?idType=custom_ids&autoCreate=true&waitForIndexing=true&batchSize=10";
        write(uri, ids(0, 5));
        send("batch-audience-elsewhere:delete/gone", null, Object.class);

        BatchAudienceResult result = write(uri, ids(5, 35));
        assertThat(result.getIdsSent()).isEqualTo(30);
        assertThat(memberIds("gone")).hasSize(30).contains("u5", "u34").doesNotContain("u0");
    }

    @Test
    void withoutAutoCreateTheFailureSaysTheAudienceWasDeleted() throws Exception {
        createAudience("gone", "custom_ids");
        String uri = "batch-audience:update/gone";
        write(uri, ids(0, 5));
        send("batch-audience-elsewhere:delete/gone", null, Object.class);

        Exception e = failure(uri, ids(5, 10));
        assertThat(e).isInstanceOf(BatchAudienceException.class);
        assertThat(((BatchAudienceException) e).getStatus()).isEqualTo(404);
        assertThat(e.getMessage()).contains("audience gone was deleted on Batch's side");
    }
}
