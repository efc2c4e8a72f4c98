package io.github.batchaudience.internal.operation;

import java.nio.file.Path;
import java.util.concurrent.TimeoutException;

import io.github.batchaudience.BatchAudienceConfiguration;
import io.github.batchaudience.BatchAudienceOperation;
import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.SnapshotRepository;
import io.github.batchaudience.internal.batching.BatchWrite;
import io.github.batchaudience.internal.batching.ChunkSender;
import io.github.batchaudience.internal.batching.WriteTarget;
import io.github.batchaudience.internal.client.ApiException;
import io.github.batchaudience.internal.client.BatchApiClient;
import io.github.batchaudience.internal.client.CallCounter;
import io.github.batchaudience.internal.input.OperationSource;
import io.github.batchaudience.internal.status.IndexingPoller;
import io.github.batchaudience.internal.sync.AudienceControl;
import io.github.batchaudience.internal.sync.FileSnapshotRepository;
import io.github.batchaudience.internal.sync.SnapshotStore;
import io.github.batchaudience.internal.sync.SyncOutcome;
import io.github.batchaudience.internal.sync.SyncSettings;
import io.github.batchaudience.internal.sync.SyncWrite;
import io.github.batchaudience.model.IdType;

/**
 * One sync: its snapshot repository (the option's, else files in the state folder), the snapshot
 * store of this server and app, and what sync may ask of the audience besides writes.
 */
final class SyncRun {
    private final BatchApiClient client;
    private final BatchAudienceConfiguration configuration;
    private final IdTypeResolver idTypes;
    private final BatchWrite write;
    private final IndexingPoller poller;
    private final CallCounter counter;

    SyncRun(BatchApiClient client, BatchAudienceConfiguration configuration, IdTypeResolver idTypes, BatchWrite write,
            IndexingPoller poller, CallCounter counter) {
        this.client = client;
        this.configuration = configuration;
        this.idTypes = idTypes;
        this.write = write;
        this.poller = poller;
        this.counter = counter;
    }

    BatchAudienceResult run(OperationSource source, WriteTarget target, boolean replaceAsked, ChunkSender put,
                            ChunkSender patch)
            throws Exception {
        String audience = target.audience();
        IdType idType = target.idType();
        SnapshotStore store = new SnapshotStore(repository(audience), configuration.getBaseUrl(),
                                                Accounts.keyOf(configuration));
        SyncWrite sync = new SyncWrite(write, store, SyncSettings.of(configuration));
        SyncOutcome outcome = sync.sync(source, target, replaceAsked, put, patch, poller,
                                        new Control(audience, idType));
        BatchAudienceResult result = WriteResults.of(BatchAudienceOperation.sync, audience, idType, outcome.tally());
        result.setAdded(outcome.added());
        result.setChanged(outcome.changed());
        result.setRemoved(outcome.removed());
        result.setUnchanged(outcome.unchanged());
        result.setSyncMode(outcome.mode());
        result.setSyncReason(outcome.reason());
        result.setSamples(outcome.samples());
        return result;
    }

    private SnapshotRepository repository(String audience) {
        SnapshotRepository repository = configuration.getSnapshotRepository();
        if (repository != null) {
            return repository;
        }
        String stateDirectory = configuration.getStateDirectory();
        if (stateDirectory == null || stateDirectory.isBlank()) {
            throw new IllegalArgumentException("sync of " + audience + " needs the stateDirectory option, the folder"
                                               + " where it keeps what it last applied (e.g."
                                               + " camel.component.batch-audience.state-directory = /var/lib/myapp/batch-audience),"
                                               + " or a snapshotRepository");
        }
        return new FileSnapshotRepository(Path.of(stateDirectory));
    }

    /** The audience as sync sees it: its settled size, and a fresh start for 1.0 audiences. */
    private final class Control implements AudienceControl {
        private final String audience;
        private final IdType idType;

        Control(String audience, IdType idType) {
            this.audience = audience;
            this.idType = idType;
        }

        @Override
        public long settledSize() throws ApiException, InterruptedException, TimeoutException {
            Object size = poller.awaitSettledView().get("nb_ids");
            return size instanceof Number ? ((Number) size).longValue() : Long.parseLong(String.valueOf(size));
        }

        @Override
        public void recreate() throws ApiException, InterruptedException {
            client.delete(audience, idType, counter);
            idTypes.create(audience, idType, counter);
        }
    }
}
