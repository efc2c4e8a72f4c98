package io.github.batchaudience.dsl;

import java.util.List;
import java.util.Map;

import io.github.batchaudience.BatchAudienceEndpoint;
import io.github.batchaudience.BatchAudienceOperation;
import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.BatchAudienceTestSupport;
import io.github.batchaudience.model.IdType;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static io.github.batchaudience.dsl.builders.StaticEndpointBuilders.batchAudience;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated endpoint DSL: the type-safe builder gives the same endpoint as the URI, and a
 * route written with it works.
 */
class EndpointDslTest extends BatchAudienceTestSupport {
    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:dsl").to(batchAudience("update/dsl-vip").idType(IdType.install_ids).autoCreate(true).waitForIndexing(true)
                                              .batchSize(2));
            }
        };
    }

    @Test
    void aRouteWrittenWithTheEndpointDslWritesTheAudience() throws Exception {
        BatchAudienceResult result = template.requestBody("direct:dsl",
                List.of(Map.of("id", "install-1"), Map.of("id", "install-2"), Map.of("id", "install-3")),
                BatchAudienceResult.class);
        assertThat(result.getIdsSent()).isEqualTo(3);
        assertThat(result.getWriteRequests()).as("batchSize=2 from the builder").isEqualTo(2);
        assertThat(memberIds("dsl-vip")).containsExactlyInAnyOrder("install-1", "install-2", "install-3");
    }

    @Test
    void theBuilderGivesTheEndpointItsOptionsSay() {
        BatchAudienceEndpoint endpoint = (BatchAudienceEndpoint) batchAudience("sync/nightly").idType("custom_ids")
                .maxRemovalPercent(10).dryRun(true).resolve(context);
        assertThat(endpoint.getOperation()).isEqualTo(BatchAudienceOperation.sync);
        assertThat(endpoint.getAudienceName()).isEqualTo("nightly");
        assertThat(endpoint.getConfiguration().getIdType()).isEqualTo(IdType.custom_ids);
        assertThat(endpoint.getConfiguration().getMaxRemovalPercent()).isEqualTo(10.0);
        assertThat(endpoint.getConfiguration().isDryRun()).isTrue();
    }
}
