package io.github.batchaudience;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import io.github.batchaudience.internal.client.ApiException;
import io.github.batchaudience.internal.client.CallCounter;
import io.github.batchaudience.internal.health.BatchAudienceProducerHealthCheck;
import io.github.batchaudience.internal.operation.Account;
import io.github.batchaudience.internal.operation.AudienceAdmin;
import io.github.batchaudience.internal.operation.AudienceWrites;
import io.github.batchaudience.internal.validation.AudienceNames;
import io.github.batchaudience.model.IdType;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.DefaultProducer;

/**
 * Runs one audience operation per exchange: reads what the message asks (headers win over the
 * URI), hands it to the admin operations or the writes, and turns the outcome into the body and
 * headers, or into a {@link BatchAudienceException}.
 */
public class BatchAudienceProducer extends DefaultProducer {
    private final BatchAudienceEndpoint endpoint;
    private AudienceAdmin admin;
    private AudienceWrites writes;
    private ExecutorService senders;
    private ScheduledExecutorService progressClock;
    private BatchAudienceProducerHealthCheck healthCheck;

    public BatchAudienceProducer(BatchAudienceEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        BatchAudienceConfiguration c = endpoint.getConfiguration();
        ExecutorServiceManager executors = endpoint.getCamelContext().getExecutorServiceManager();
        List<Account> accounts = Account.of(endpoint.destinations(), c);
        admin = new AudienceAdmin(accounts);
        senders = executors.newFixedThreadPool(this, "BatchAudienceSender", c.getParallelRequests());
        if (c.getProgressInterval() > 0) {
            progressClock = executors.newSingleThreadScheduledExecutor(this, "BatchAudienceProgress");
        }
        writes = new AudienceWrites(accounts, c, endpoint.getComponent().writeOrder(), senders, progressClock);
        String audience = endpoint.getAudienceName();
        healthCheck = BatchAudienceProducerHealthCheck.register(
                endpoint.getCamelContext(), endpoint.getOperation() + (audience == null ? "" : "-" + audience),
                endpoint.destinations(), endpoint.getComponent().isHealthCheckProducerEnabled());
    }

    @Override
    protected void doStop() throws Exception {
        if (healthCheck != null) {
            healthCheck.unregister();
            healthCheck = null;
        }
        ExecutorServiceManager executors = endpoint.getCamelContext().getExecutorServiceManager();
        if (senders != null) {
            executors.shutdownNow(senders);
            senders = null;
        }
        if (progressClock != null) {
            executors.shutdownNow(progressClock);
            progressClock = null;
        }
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        String audience = RequestHeaders.audience(in, endpoint);
        Object operation = in.getHeader(BatchAudienceConstants.OPERATION, endpoint.getOperation());
        try {
            BatchAudienceOperation parsed = RequestHeaders.operation(in, endpoint);
            operation = parsed;
            dispatch(in, parsed, audience);
        } catch (Exception e) {
            if (e instanceof ApiException api && api.isNotFound()) {
                admin.forget(audience);
            }
            BatchAudienceException failure = Failures.of(String.valueOf(operation), audience, e);
            if (failure.getPartialResult() != null) {
                endpoint.getComponent().recordWrite(failure.getPartialResult(), failure.getMessage());
            }
            throw failure;
        }
    }

    private void dispatch(Message in, BatchAudienceOperation operation, String audience) throws Exception {
        if (operation != BatchAudienceOperation.list) {
            if (audience == null) {
                throw new IllegalArgumentException("batch-audience:" + operation + " needs an audience name, in the URI"
                                                   + " or the " + BatchAudienceConstants.AUDIENCE_NAME + " header");
            }
            AudienceNames.check(audience);
        }
        IdType idType = RequestHeaders.idType(in, endpoint.getConfiguration());
        CallCounter counter = new CallCounter();
        AudienceAdmin scoped = admin.only(in.getHeader(BatchAudienceConstants.APP, String.class));
        switch (operation) {
            case create -> in.setBody(scoped.create(audience, idType, counter));
            case view -> in.setBody(view(scoped, in, audience, idType, counter));
            case list -> in.setBody(scoped.list(idType, counter));
            case delete -> in.setBody(scoped.delete(audience, idType, counter));
            default -> written(in, writes.write(RequestHeaders.write(in, operation, audience, idType), counter));
        }
    }

    private Map<String, Object> view(AudienceAdmin scoped, Message in, String audience, IdType idType,
                                     CallCounter counter)
            throws Exception {
        String token = in.getHeader(BatchAudienceConstants.INDEXING_TOKEN, String.class);
        Map<String, Object> view = scoped.view(audience, idType, token, counter);
        if (token != null) {
            endpoint.getComponent().activity().indexingState(token, String.valueOf(view.get("indexing_state")));
        }
        return view;
    }

    private void written(Message in, BatchAudienceResult result) {
        endpoint.getComponent().recordWrite(result, null);
        in.setBody(result);
        List<String> tokens = result.getTokens();
        in.setHeader(BatchAudienceConstants.INDEXING_TOKENS, tokens);
        in.setHeader(BatchAudienceConstants.INDEXING_TOKEN, tokens.isEmpty() ? null : tokens.get(tokens.size() - 1));
    }
}
