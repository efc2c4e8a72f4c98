package io.github.batchaudience.internal.monitoring;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.batchaudience.BatchAudienceResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.camel.CamelContext;

/**
 * The component's meters, in the Micrometer registry Camel's metrics support binds (with
 * {@code camel.metrics.enabled=true}, or any {@link MeterRegistry} in the Camel registry), each
 * tagged with the audience and the operation.
 */
public final class AudienceMetrics {
    public static final String IDS_SENT = "batch.audience.ids.sent";
    public static final String ROWS_REJECTED = "batch.audience.rows.rejected";
    public static final String REQUESTS = "batch.audience.requests";
    public static final String RETRIES = "batch.audience.retries";
    public static final String WRITES_FAILED = "batch.audience.writes.failed";
    public static final String TOKENS_PENDING = "batch.audience.tokens.pending";

    private final MeterRegistry registry;
    private final WriteActivity activity;
    private final Set<Tags> gauges = ConcurrentHashMap.newKeySet();

    private AudienceMetrics(MeterRegistry registry, WriteActivity activity) {
        this.registry = registry;
        this.activity = activity;
    }

    /** The meters of this context's registry, or null when it has none (metrics are off). */
    public static AudienceMetrics of(CamelContext camelContext, WriteActivity activity) {
        MeterRegistry registry = camelContext.getRegistry().findSingleByType(MeterRegistry.class);
        return registry == null ? null : new AudienceMetrics(registry, activity);
    }

    /** Counts what one exchange did, also when it failed part way. */
    public void record(BatchAudienceResult result, boolean failed) {
        Tags tags = Tags.of("audience", result.getAudience(), "operation", result.getOperation().name());
        increment(IDS_SENT, "IDs sent in write requests the API accepted", tags, result.getIdsSent());
        increment(ROWS_REJECTED, "input rows rejected as invalid", tags, result.getRejected());
        increment(REQUESTS, "HTTP requests sent to the API, retries included", tags, result.getRequests());
        increment(RETRIES, "requests sent again after a transient failure", tags, result.getRetries());
        if (failed) {
            increment(WRITES_FAILED, "exchanges that failed", tags, 1);
        }
        if (gauges.add(tags)) {
            String audience = result.getAudience();
            String operation = result.getOperation().name();
            Gauge.builder(TOKENS_PENDING, activity, a -> a.pendingCount(audience, operation))
                    .description("indexing tokens not yet seen APPLIED").tags(tags).register(registry);
        }
    }

    private void increment(String name, String description, Tags tags, long amount) {
        Counter.builder(name).description(description).tags(tags).register(registry).increment(amount);
    }
}
