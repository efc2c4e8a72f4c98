package io.github.batchaudience.internal.health;

import java.util.Map;

import io.github.batchaudience.internal.client.ApiException;
import io.github.batchaudience.internal.client.BatchApiClient;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A producer's view of the API: DOWN when it cannot be reached or refuses the keys (nothing the
 * producer sends can succeed then), UP otherwise. One request per check, never retried, so that a
 * check answers quickly.
 */
public final class BatchAudienceProducerHealthCheck extends AbstractHealthCheck {
    private final BatchApiClient client;

    public BatchAudienceProducerHealthCheck(String id, BatchApiClient client) {
        super("camel", "producer:batch-audience-" + id);
        this.client = client;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            client.probe();
            builder.up();
        } catch (ApiException e) {
            builder.detail(SERVICE_STATUS_CODE, e.getStatus());
            if (e.getErrorCode() != null) {
                builder.detail(SERVICE_ERROR_CODE, e.getErrorCode());
            }
            if (e.getStatus() == 0) {
                builder.down().message("the Batch API cannot be reached: " + e.getMessage());
            } else if (e.getStatus() == 401 || e.getStatus() == 403) {
                builder.down().message("the Batch API refuses the keys: " + e.getMessage());
            } else {
                // The API answers and takes the keys; a 5xx or 429 passes, and writes retry it.
                builder.up().message("the Batch API answered " + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.down().message("interrupted");
        }
    }
}
