package io.github.batchaudience.integration.events.jms;

import java.util.concurrent.TimeUnit;

import org.apache.camel.spi.RecoverableAggregationRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The options Camel's aggregator reads from a recoverable repository: how often its recovery
 * task looks for completed batches whose exchange failed, and where those go after how many
 * attempts. The journal keeps Camel's defaults; the routes may set them.
 */
abstract class RecoverySettings extends ServiceSupport implements RecoverableAggregationRepository {
    private long recoveryInterval = 5000;
    private boolean useRecovery = true;
    private String deadLetterUri;
    private int maximumRedeliveries;

    @Override
    public void setRecoveryInterval(long interval, TimeUnit timeUnit) {
        this.recoveryInterval = timeUnit.toMillis(interval);
    }

    @Override
    public void setRecoveryInterval(long interval) {
        this.recoveryInterval = interval;
    }

    @Override
    public long getRecoveryInterval() {
        return recoveryInterval;
    }

    @Override
    public void setUseRecovery(boolean useRecovery) {
        this.useRecovery = useRecovery;
    }

    @Override
    public boolean isUseRecovery() {
        return useRecovery;
    }

    @Override
    public void setDeadLetterUri(String deadLetterUri) {
        this.deadLetterUri = deadLetterUri;
    }

    @Override
    public String getDeadLetterUri() {
        return deadLetterUri;
    }

    @Override
    public void setMaximumRedeliveries(int maximumRedeliveries) {
        this.maximumRedeliveries = maximumRedeliveries;
    }

    @Override
    public int getMaximumRedeliveries() {
        return maximumRedeliveries;
    }
}
