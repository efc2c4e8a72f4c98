package io.github.batchaudience;

import java.util.Locale;
import java.util.Map;

import io.github.batchaudience.internal.client.SharedAccounts;
import io.github.batchaudience.internal.monitoring.AudienceMetrics;
import io.github.batchaudience.internal.monitoring.WriteActivity;
import io.github.batchaudience.internal.ordering.WriteOrder;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/** The {@code batch-audience:} component: Batch's Custom Audience API for Camel routes. */
@Component("batch-audience")
public class BatchAudienceComponent extends HealthCheckComponent {

    @Metadata(description = "Options shared by every endpoint of this component; endpoint options override them.")
    private BatchAudienceConfiguration configuration = new BatchAudienceConfiguration();

    /**
     * Micrometer is an optional dependency: without it on the class path, touching the metrics
     * class would fail with NoClassDefFoundError, so it is looked for by name first.
     */
    private static final boolean MICROMETER = isPresent("io.micrometer.core.instrument.MeterRegistry");

    private final WriteActivity activity = new WriteActivity();
    private final WriteOrder writeOrder = new WriteOrder();
    private final SharedAccounts accounts = new SharedAccounts();
    private volatile AudienceMetrics metrics;
    private volatile boolean metricsLookedUp;

    public BatchAudienceComponent() {
    }

    /**
     * Camel masks a property in its logs only when its name is in Camel's list of sensitive
     * keys; {@code apiKey} is, {@code restApiKey} is not. Adding it to the context's keywords
     * here protects every user of the component, not only those who copy our configuration.
     */
    @Override
    public void setCamelContext(CamelContext camelContext) {
        super.setCamelContext(camelContext);
        if (camelContext != null) {
            SensitiveKeywords.register(camelContext);
        }
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        BatchAudienceEndpoint endpoint = new BatchAudienceEndpoint(uri, this, configuration.copy());
        endpoint.parsePath(remaining);
        boolean ownApiKey = names(parameters, "apiKey");
        boolean ownProjectKey = names(parameters, "projectKey");
        setProperties(endpoint, parameters);
        // An endpoint that picks an API itself uses that one, whatever the component's key: a team
        // moving from apps to a project gives one route a projectKey and keeps the component's apiKey.
        if (ownProjectKey && !ownApiKey) {
            endpoint.getConfiguration().setApiKey(null);
        } else if (ownApiKey && !ownProjectKey) {
            endpoint.getConfiguration().setProjectKey(null);
        }
        return endpoint;
    }

    /** Whether the URI's options set this one, in camelCase or dash-case. */
    private static boolean names(Map<String, Object> parameters, String option) {
        String dashed = option.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
        return parameters.containsKey(option) || parameters.containsKey(dashed);
    }

    /** The latest writes and the tokens not yet seen applied (dev console, pending-tokens gauge). */
    WriteActivity activity() {
        return activity;
    }

    /** The turns of each audience's writes, shared by every endpoint of this component. */
    WriteOrder writeOrder() {
        return writeOrder;
    }

    /** The rate, write slots and connections of each Batch account, shared by every endpoint of this component. */
    SharedAccounts accounts() {
        return accounts;
    }

    /** Records a write's outcome for the dev console and, when a meter registry is bound, the metrics. */
    void recordWrite(BatchAudienceResult result, String failure) {
        activity.record(result, failure);
        if (!metricsLookedUp) {
            // Looked up on first use: Camel's metrics service binds its registry while the context starts.
            metrics = MICROMETER ? AudienceMetrics.of(getCamelContext(), activity) : null;
            metricsLookedUp = true;
        }
        if (metrics != null) {
            metrics.record(result, failure != null);
        }
    }

    public BatchAudienceConfiguration getConfiguration() {
        return configuration;
    }

    /** Options shared by every endpoint of this component; endpoint options override them. */
    public void setConfiguration(BatchAudienceConfiguration configuration) {
        this.configuration = configuration;
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, BatchAudienceComponent.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
