package io.github.batchaudience.internal.health;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.batchaudience.internal.client.ApiException;
import io.github.batchaudience.internal.client.Destination;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A producer's view of the API: DOWN when it cannot be reached or refuses the keys, for any of
 * its apps (nothing the producer sends can succeed there then), UP otherwise. One request per check, never retried, so that a
 * check answers quickly.
 */
public final class BatchAudienceProducerHealthCheck extends AbstractHealthCheck {
    private static final String PREFIX = "producer:batch-audience-";

    private final List<Destination> destinations;
    private final WritableHealthCheckRepository repository;

    private BatchAudienceProducerHealthCheck(String id, List<Destination> destinations,
                                             WritableHealthCheckRepository repository) {
        super("camel", PREFIX + id);
        this.destinations = List.copyOf(destinations);
        this.repository = repository;
    }

    /**
     * Adds a producer's check to the context's producer checks, named after what the producer
     * does ({@code operation[-audience]}), never its keys. Two routes may use the same endpoint
     * (the inbox and JMS both send to update): the second check is {@code -2}.
     *
     * @return the check, or null when the context keeps no producer checks
     */
    public static BatchAudienceProducerHealthCheck register(CamelContext context, String name,
                                                            List<Destination> destinations,
                                                            boolean enabled) {
        WritableHealthCheckRepository repository = HealthCheckHelper.getHealthCheckRepository(
                context, "producers", WritableHealthCheckRepository.class);
        if (repository == null) {
            return null;
        }
        Set<String> taken = repository.stream().map(HealthCheck::getId).collect(Collectors.toSet());
        String id = name;
        for (int n = 2; taken.contains(PREFIX + id); n++) {
            id = name + "-" + n;
        }
        BatchAudienceProducerHealthCheck check = new BatchAudienceProducerHealthCheck(id, destinations, repository);
        check.setEnabled(enabled);
        repository.addHealthCheck(check);
        return check;
    }

    public void unregister() {
        repository.removeHealthCheck(this);
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.up();
        try {
            for (Destination destination : destinations) {
                String which = destinations.size() > 1 ? "app " + destination.app() + ": " : "";
                try {
                    destination.client().probe();
                } catch (ApiException e) {
                    builder.detail(SERVICE_STATUS_CODE, e.getStatus());
                    if (e.getErrorCode() != null) {
                        builder.detail(SERVICE_ERROR_CODE, e.getErrorCode());
                    }
                    if (e.getStatus() == 0) {
                        builder.down().message(which + "the Batch API cannot be reached: " + e.getMessage());
                        return;
                    } else if (e.getStatus() == 401 || e.getStatus() == 403) {
                        builder.down().message(which + "the Batch API refuses the keys: " + e.getMessage());
                        return;
                    }
                    // The API answers and takes the keys; a 5xx or 429 passes, and writes retry it.
                    builder.message(which + "the Batch API answered " + e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.down().message("interrupted");
        }
    }
}
