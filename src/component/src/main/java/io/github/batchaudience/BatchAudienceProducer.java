package io.github.batchaudience;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.batchaudience.internal.batching.BatchWrite;
import io.github.batchaudience.internal.batching.ChunkSender;
import io.github.batchaudience.internal.batching.OperationSpool;
import io.github.batchaudience.internal.batching.WriteAbortedException;
import io.github.batchaudience.internal.batching.WriteSettings;
import io.github.batchaudience.internal.batching.WriteTally;
import io.github.batchaudience.internal.client.ApiException;
import io.github.batchaudience.internal.client.BatchApiClient;
import io.github.batchaudience.internal.client.CallCounter;
import io.github.batchaudience.internal.health.BatchAudienceProducerHealthCheck;
import io.github.batchaudience.internal.input.OperationSource;
import io.github.batchaudience.internal.input.OperationSources;
import io.github.batchaudience.internal.ordering.WriteOrder;
import io.github.batchaudience.internal.status.IndexingPoller;
import io.github.batchaudience.internal.support.Printable;
import io.github.batchaudience.internal.sync.AudienceControl;
import io.github.batchaudience.internal.sync.FileSnapshotRepository;
import io.github.batchaudience.internal.sync.SnapshotStore;
import io.github.batchaudience.internal.sync.SyncOutcome;
import io.github.batchaudience.internal.sync.SyncWrite;
import io.github.batchaudience.internal.validation.AudienceNames;
import io.github.batchaudience.model.IdType;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.support.DefaultProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Custom Audience operation per exchange. Writes go through {@link BatchWrite}; this
 * class picks the operation and audience (headers win over the URI), finds the audience's ID
 * type, and turns the outcome into the result body, headers or a {@link BatchAudienceException}.
 */
public class BatchAudienceProducer extends DefaultProducer {
    private static final Logger LOG = LoggerFactory.getLogger(BatchAudienceProducer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIST_PAGE = 100;
    private static final int SAMPLE_IDS = 10;

    private final BatchAudienceEndpoint endpoint;
    private final Map<String, IdType> idTypes = new ConcurrentHashMap<>();
    private ExecutorService senders;
    private ScheduledExecutorService progressClock;
    private WritableHealthCheckRepository healthChecks;
    private BatchAudienceProducerHealthCheck healthCheck;

    public BatchAudienceProducer(BatchAudienceEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        senders = endpoint.getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "BatchAudienceSender", configuration().getParallelRequests());
        healthChecks = HealthCheckHelper.getHealthCheckRepository(endpoint.getCamelContext(), "producers",
                                                                  WritableHealthCheckRepository.class);
        if (healthChecks != null) {
            healthCheck = new BatchAudienceProducerHealthCheck(uniqueHealthCheckId(), client());
            healthCheck.setEnabled(endpoint.getComponent().isHealthCheckProducerEnabled());
            healthChecks.addHealthCheck(healthCheck);
        }
        if (configuration().getProgressInterval() > 0) {
            progressClock = endpoint.getCamelContext().getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "BatchAudienceProgress");
        }
    }

    /** {@code operation[-audience]}: what the producer does, never its keys. */
    private String healthCheckId() {
        String audience = endpoint.getAudienceName();
        return endpoint.getOperation() + (audience == null ? "" : "-" + audience);
    }

    /** Two routes may use the same endpoint (the inbox and JMS both send to update): the second check is -2. */
    private String uniqueHealthCheckId() {
        String base = healthCheckId();
        Set<String> taken = healthChecks.stream().map(HealthCheck::getId).collect(Collectors.toSet());
        String id = base;
        for (int n = 2; taken.contains("producer:batch-audience-" + id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    @Override
    protected void doStop() throws Exception {
        if (healthChecks != null && healthCheck != null) {
            healthChecks.removeHealthCheck(healthCheck);
            healthCheck = null;
        }
        if (senders != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(senders);
            senders = null;
        }
        if (progressClock != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(progressClock);
            progressClock = null;
        }
        super.doStop();
    }

    private BatchAudienceConfiguration configuration() {
        return endpoint.getConfiguration();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        String audience = in.getHeader(BatchAudienceConstants.AUDIENCE_NAME, endpoint.getAudienceName(), String.class);
        try {
            apply(exchange, operationOf(in), audience);
        } catch (BatchAudienceException e) {
            throw e;
        } catch (Exception e) {
            Object operation = in.getHeader(BatchAudienceConstants.OPERATION, endpoint.getOperation());
            throw Failures.of(String.valueOf(operation), audience, e);
        }
    }

    private void apply(Exchange exchange, BatchAudienceOperation operation, String audience) throws Exception {
        Message in = exchange.getIn();
        if (operation != BatchAudienceOperation.list) {
            if (audience == null) {
                throw new IllegalArgumentException("batch-audience:" + operation + " needs an audience name, in the URI"
                                                   + " or the " + BatchAudienceConstants.AUDIENCE_NAME + " header");
            }
            AudienceNames.check(audience);
        }
        IdType requested = idTypeHeader(in);
        CallCounter counter = new CallCounter();
        try {
            switch (operation) {
                case create:
                    in.setBody(create(audience, requested, counter));
                    break;
                case view:
                    view(in, audience, requested, counter);
                    break;
                case list:
                    in.setBody(listAll(requested, counter));
                    break;
                case delete:
                    client().delete(versionOf(audience, requested, counter), audience, counter);
                    idTypes.remove(audience);
                    in.setBody(new LinkedHashMap<String, Object>());
                    break;
                default:
                    write(exchange, operation, audience, requested, counter);
            }
        } catch (ApiException e) {
            if (e.isNotFound()) {
                idTypes.remove(audience);
            }
            throw new BatchAudienceException(operation.name(), audience, e, null);
        }
    }

    private void view(Message in, String audience, IdType requested, CallCounter counter)
            throws ApiException, InterruptedException {
        String token = in.getHeader(BatchAudienceConstants.INDEXING_TOKEN, String.class);
        Map<String, Object> view = client().view(versionOf(audience, requested, counter), audience, token, counter);
        if (token != null) {
            endpoint.getComponent().getActivity().indexingState(token, String.valueOf(view.get("indexing_state")));
        }
        in.setBody(view);
    }

    private BatchAudienceOperation operationOf(Message in) {
        Object header = in.getHeader(BatchAudienceConstants.OPERATION);
        if (header == null) {
            return endpoint.getOperation();
        }
        if (header instanceof BatchAudienceOperation) {
            return (BatchAudienceOperation) header;
        }
        return BatchAudienceOperation.valueOf(header.toString().trim().toLowerCase(Locale.ROOT));
    }

    /** The ID type asked for: the header, else the idType option, else null (read from the audience). */
    private IdType idTypeHeader(Message in) {
        Object header = in.getHeader(BatchAudienceConstants.ID_TYPE);
        if (header == null || header.toString().isBlank()) {
            return configuration().getIdType();
        }
        if (header instanceof IdType) {
            return (IdType) header;
        }
        IdType parsed = IdType.fromApi(header.toString());
        if (parsed == null) {
            throw new IllegalArgumentException(BatchAudienceConstants.ID_TYPE + " must be custom_ids, advertising_ids or"
                                               + " install_ids, not '" + header + "'");
        }
        return parsed;
    }

    private BatchApiClient client() {
        return endpoint.client();
    }

    private Map<String, Object> create(String audience, IdType idType, CallCounter counter) throws Exception {
        if (idType == null) {
            throw new IllegalArgumentException("batch-audience:create of " + audience + " needs the idType option");
        }
        client().create(idType.apiVersion(), audience, createBody(idType), counter);
        idTypes.put(audience, idType);
        return new LinkedHashMap<>();
    }

    /** Every page of the list, joined, in the API's order (newest first). */
    private Map<String, Object> listAll(IdType requested, CallCounter counter) throws ApiException, InterruptedException {
        String version = requested == null ? "1.0" : requested.apiVersion();
        List<Object> all = new ArrayList<>();
        for (int from = 0;; from += LIST_PAGE) {
            Object page = client().list(version, from, LIST_PAGE, counter).get("custom_audiences");
            List<?> items = page instanceof List ? (List<?>) page : List.of();
            all.addAll(items);
            if (items.size() < LIST_PAGE) {
                break;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("custom_audiences", all);
        return out;
    }

    private String versionOf(String audience, IdType requested, CallCounter counter)
            throws ApiException, InterruptedException {
        return idTypeOf(audience, requested, counter, false).apiVersion();
    }

    /**
     * The audience's ID type: the idType option, else read once with view. With autoCreate, a
     * missing audience is created first (with idType, which is then required).
     */
    private IdType idTypeOf(String audience, IdType configured, CallCounter counter, boolean forWrite)
            throws ApiException, InterruptedException {
        IdType known = idTypes.get(audience);
        if (known != null) {
            return known;
        }
        BatchAudienceConfiguration c = configuration();
        boolean mayCreate = forWrite && c.isAutoCreate() && !c.isDryRun();
        if (configured != null && !mayCreate) {
            return configured;
        }
        IdType found;
        try {
            found = IdType.fromApi(String.valueOf(viewAnyVersion(audience, counter).get("type")));
            if (found == null) {
                throw new IllegalStateException("audience " + audience + " has a type this component does not know");
            }
        } catch (ApiException e) {
            if (!e.isNotFound() || !mayCreate) {
                throw e;
            }
            if (configured == null) {
                throw new IllegalArgumentException("audience " + audience + " does not exist; autoCreate needs the"
                                                   + " idType option to create it");
            }
            createIfMissing(audience, configured, counter);
            found = configured;
        }
        if (configured != null && configured != found) {
            throw new IllegalArgumentException("audience " + audience + " holds " + found + ", not " + configured
                                               + " as the idType option says");
        }
        idTypes.put(audience, found);
        return found;
    }

    private void createIfMissing(String audience, IdType idType, CallCounter counter)
            throws ApiException, InterruptedException {
        try {
            client().create(idType.apiVersion(), audience, createBody(idType), counter);
        } catch (ApiException e) {
            // Created meanwhile by someone else: that is what we wanted.
            if (e.getStatus() != 403) {
                throw e;
            }
        }
    }

    /** A view when the version is not known yet: 1.0 audiences first, then 1.1. */
    private Map<String, Object> viewAnyVersion(String audience, CallCounter counter)
            throws ApiException, InterruptedException {
        try {
            return client().view("1.0", audience, null, counter);
        } catch (ApiException notIn10) {
            if (!notIn10.isNotFound() && notIn10.getStatus() != 400) {
                throw notIn10;
            }
            try {
                return client().view("1.1", audience, null, counter);
            } catch (ApiException notIn11) {
                throw notIn11.isNotFound() ? notIn10 : notIn11;
            }
        }
    }

    /** 1.0 needs the type; 1.1 audiences are always install_ids. */
    private byte[] createBody(IdType idType) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (!idType.isV11()) {
            body.put("type", idType.name());
        }
        String description = configuration().getDescription();
        body.put("description", description == null ? "" : description);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void write(Exchange exchange, BatchAudienceOperation operation, String audience, IdType requested,
                       CallCounter counter)
            throws Exception {
        long started = System.nanoTime();
        BatchAudienceConfiguration c = configuration();
        IdType idType = idTypeOf(audience, requested, counter, true);
        if (operation == BatchAudienceOperation.replace && !idType.isV11()) {
            throw new IllegalArgumentException("replace needs an install_ids audience (API 1.1); " + audience + " holds "
                                               + idType);
        }
        Message in = exchange.getIn();
        // Every message that names the source (file, line, reason) gets it on one line.
        String sourceName = Printable.of(in.getHeader(BatchAudienceConstants.SOURCE_NAME,
                                                      in.getHeader(Exchange.FILE_NAME, String.class), String.class));
        String version = idType.apiVersion();
        BatchWrite write = new BatchWrite(new WriteSettings(
                c.getBatchSize(), c.getMaxRequestBytes(), c.getParallelRequests(), c.isDryRun(),
                c.getInvalidRows() == InvalidRowsPolicy.fail, c.getMaxRejectedRowsKept(),
                OperationSpool.defaultMemoryBudget(), null), senders);
        IndexingPoller poller = new IndexingPoller(client(), version, audience, c.getIndexingPollInterval(),
                                                   c.getIndexingTimeout(), counter);
        // A dry run sends nothing: it neither waits for earlier writes nor holds back later ones.
        try (WriteOrder.Turn turn = c.isDryRun() ? null
                : endpoint.getComponent().writeOrder().turn(orderKey(audience))) {
            if (turn != null) {
                turn.awaitEarlier(awaitTokens(in), poller);
            }
            try {
                send(exchange, operation, audience, idType, write, poller, sourceName, counter, started);
            } finally {
                WriteTally sent = write.currentTally();
                if (turn != null && sent != null) {
                    turn.left(sent.tokens());
                }
            }
            if (turn != null && c.isWaitForIndexing()) {
                turn.settled(in.getBody(BatchAudienceResult.class).getTokens());
            }
        }
    }

    /** One audience of one app on one server: the writes that must keep their order. */
    private String orderKey(String audience) {
        BatchAudienceConfiguration c = configuration();
        return c.getBaseUrl() + '\n' + c.getApiKey() + '\n' + audience;
    }

    private static List<String> awaitTokens(Message in) {
        Object header = in.getHeader(BatchAudienceConstants.AWAIT_TOKENS);
        if (header == null) {
            return List.of();
        }
        if (header instanceof Collection) {
            return ((Collection<?>) header).stream().map(String::valueOf).collect(Collectors.toList());
        }
        return List.of(header.toString().split(","));
    }

    /** The write itself, in its audience's turn: reads the body, sends, and sets the result. */
    private void send(Exchange exchange, BatchAudienceOperation operation, String audience, IdType idType,
                      BatchWrite write, IndexingPoller poller, String sourceName, CallCounter counter, long started)
            throws Exception {
        BatchAudienceConfiguration c = configuration();
        Message in = exchange.getIn();
        String version = idType.apiVersion();
        MissingAudienceRecovery recovery = new MissingAudienceRecovery(audience, c.isAutoCreate()
                ? () -> createIfMissing(audience, idType, counter) : null);
        ChunkSender patch = recovery.around(body -> client().update(version, audience, body, counter));
        ChunkSender put = recovery.around(body -> client().replace(version, audience, body, counter));
        BatchAudienceResult result;
        ScheduledFuture<?> progress = reportProgress(write, operation, audience, sourceName, started);
        try (OperationSource source = OperationSources.open(in.getBody(), c.getInputFormat(), sourceName)) {
            if (operation == BatchAudienceOperation.update) {
                result = result(operation, audience, idType, write.update(source, idType, patch), counter, started);
            } else if (operation == BatchAudienceOperation.replace) {
                result = result(operation, audience, idType, write.replace(source, idType, put, patch, poller), counter,
                                started);
            } else {
                boolean replaceAsked = Boolean.TRUE.equals(in.getHeader(BatchAudienceConstants.SYNC_REPLACE, Boolean.class));
                result = sync(write, source, idType, audience, replaceAsked, put, patch, poller, counter, started);
            }
        } catch (WriteAbortedException e) {
            BatchAudienceResult partial = result(operation, audience, idType, e.tally(), counter, started);
            BatchAudienceException failure = new BatchAudienceException(operation.name(), audience, e.failure(), partial);
            endpoint.getComponent().recordWrite(partial, failure.getMessage());
            throw failure;
        } finally {
            if (progress != null) {
                progress.cancel(false);
            }
        }
        result.setDryRun(c.isDryRun());
        if (c.isWaitForIndexing() && !c.isDryRun()) {
            for (String token : result.getTokens()) {
                poller.awaitApplied(token);
            }
            result.setIndexingState(poller.lastState());
            result.setRequests(counter.requests());
            result.setRetries(counter.retries());
            result.setDurationMs(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        endpoint.getComponent().recordWrite(result, null);
        in.setBody(result);
        List<String> tokens = result.getTokens();
        in.setHeader(BatchAudienceConstants.INDEXING_TOKENS, tokens);
        in.setHeader(BatchAudienceConstants.INDEXING_TOKEN, tokens.isEmpty() ? null : tokens.get(tokens.size() - 1));
    }

    /** Logs at INFO, every progressInterval, how far the write has got; null when turned off. */
    private ScheduledFuture<?> reportProgress(BatchWrite write, BatchAudienceOperation operation, String audience,
                                              String sourceName, long started) {
        long every = configuration().getProgressInterval();
        if (progressClock == null || every <= 0) {
            return null;
        }
        String what = (sourceName == null ? "" : sourceName + ": ") + operation + " of " + audience;
        return progressClock.scheduleAtFixedRate(() -> {
            WriteTally tally = write.currentTally();
            if (tally != null) {
                double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
                LOG.info("{}: {} rows read, {} requests accepted with {} IDs, {} rows/s", what, tally.rowsRead(),
                         tally.writeRequests(), tally.idsSent(), Math.round(tally.rowsRead() / seconds));
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    private BatchAudienceResult sync(BatchWrite write, OperationSource source, IdType idType, String audience,
                                     boolean replaceAsked, ChunkSender put, ChunkSender patch, IndexingPoller poller,
                                     CallCounter counter, long started)
            throws Exception {
        BatchAudienceConfiguration c = configuration();
        SnapshotRepository repository = c.getSnapshotRepository();
        if (repository == null) {
            if (c.getStateDirectory() == null || c.getStateDirectory().isBlank()) {
                throw new IllegalArgumentException("sync of " + audience + " needs the stateDirectory option, the folder"
                                                   + " where it keeps what it last applied (e.g."
                                                   + " camel.component.batch-audience.state-directory = /var/lib/myapp/batch-audience),"
                                                   + " or a snapshotRepository");
            }
            repository = new FileSnapshotRepository(Path.of(c.getStateDirectory()));
        }
        SnapshotStore store = new SnapshotStore(repository, c.getBaseUrl(), c.getApiKey());
        SyncWrite sync = new SyncWrite(write, store, null, OperationSpool.defaultMemoryBudget(), c.getMaxRemovalPercent(),
                                       c.getMaxSnapshotAge(), c.isDryRun(), SAMPLE_IDS);
        SyncOutcome outcome = sync.sync(source, idType, audience, replaceAsked, put, patch, poller,
                                        new ProducerAudienceControl(audience, idType, counter, poller));
        BatchAudienceResult result = result(BatchAudienceOperation.sync, audience, idType, outcome.tally(), counter,
                                            started);
        result.setAdded(outcome.added());
        result.setChanged(outcome.changed());
        result.setRemoved(outcome.removed());
        result.setUnchanged(outcome.unchanged());
        result.setSyncMode(outcome.mode());
        result.setSyncReason(outcome.reason());
        result.setSamples(outcome.samples());
        return result;
    }

    /** The audience as sync sees it: its settled size, and a fresh start for 1.0 audiences. */
    private final class ProducerAudienceControl implements AudienceControl {
        private final String audience;
        private final IdType idType;
        private final CallCounter counter;
        private final IndexingPoller poller;

        ProducerAudienceControl(String audience, IdType idType, CallCounter counter, IndexingPoller poller) {
            this.audience = audience;
            this.idType = idType;
            this.counter = counter;
            this.poller = poller;
        }

        @Override
        public long settledSize() throws ApiException, InterruptedException, TimeoutException {
            Object size = poller.awaitSettledView().get("nb_ids");
            return size instanceof Number ? ((Number) size).longValue() : Long.parseLong(String.valueOf(size));
        }

        @Override
        public void recreate() throws ApiException, InterruptedException {
            client().delete(idType.apiVersion(), audience, counter);
            client().create(idType.apiVersion(), audience, createBody(idType), counter);
        }
    }

    private static BatchAudienceResult result(BatchAudienceOperation operation, String audience, IdType idType,
                                              WriteTally tally, CallCounter counter, long started) {
        BatchAudienceResult r = new BatchAudienceResult();
        r.setAudience(audience);
        r.setOperation(operation.name());
        r.setIdType(idType.name());
        if (tally != null) {
            r.setRowsRead(tally.rowsRead());
            r.setIdsSent(tally.idsSent());
            r.setAdded(tally.added());
            r.setRemoved(tally.removed());
            r.setDuplicates(tally.duplicates());
            r.setRejected(tally.rejected());
            r.setRejectedRows(tally.rejectedRows());
            r.setWriteRequests(tally.writeRequests());
            r.setTokens(tally.tokens());
        }
        r.setRequests(counter.requests());
        r.setRetries(counter.retries());
        r.setDurationMs(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return r;
    }
}
