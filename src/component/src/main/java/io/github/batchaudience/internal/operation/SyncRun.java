package io.github.batchaudience.internal.operation;

import java.nio.file.Path;
import java.util.concurrent.TimeoutException;

import io.github.batchaudience.BatchAudienceConfiguration;
import io.github.batchaudience.BatchAudienceOperation;
import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.SnapshotRepository;
import io.github.batchaudience.internal.batching.BatchWrite;
import io.github.batchaudience.internal.batching.WriteTally;
import io.github.batchaudience.internal.batching.WriteTarget;
import io.github.batchaudience.internal.client.ApiException;
import io.github.batchaudience.internal.input.OperationSource;
import io.github.batchaudience.internal.sync.AudienceControl;
import io.github.batchaudience.internal.sync.FileSnapshotRepository;
import io.github.batchaudience.internal.sync.SnapshotStore;
import io.github.batchaudience.internal.sync.SortedMembers;
import io.github.batchaudience.internal.sync.SyncOutcome;
import io.github.batchaudience.internal.sync.SyncSettings;
import io.github.batchaudience.internal.sync.SyncWrite;

/**
 * One sync: its snapshot repository (the option's, else files in the state folder), the input
 * read and sorted once, then each app synced from it with the snapshots of its own account.
 */
final class SyncRun {
    private final BatchAudienceConfiguration configuration;
    private final BatchWrite write;
    private final SnapshotRepository repository;

    SyncRun(BatchAudienceConfiguration configuration, BatchWrite write, String audience) {
        this.configuration = configuration;
        this.write = write;
        this.repository = repository(configuration, audience);
    }

    SortedMembers sortedInput(OperationSource source, WriteTarget target, WriteTally input) throws Exception {
        return syncWrite(null).sortedInput(source, target, input);
    }

    /** Syncs one app's audience; its counts go to the app's tally, the input's rows are in {@code input}. */
    BatchAudienceResult sync(SortedMembers desired, WriteTarget target, boolean replaceAsked, AppWrite app,
                             WriteTally input)
            throws Exception {
        SnapshotStore store = new SnapshotStore(repository, configuration.getBaseUrl(),
                                                app.account.destination().account());
        SyncOutcome outcome = syncWrite(store).sync(desired, target, replaceAsked, app.put, app.patch, app.poller,
                                                    new Control(app, target.audience()), app.tally());
        BatchAudienceResult result = WriteResults.of(BatchAudienceOperation.sync, target.audience(), target.idType(),
                                                     input, app.tally());
        result.setAdded(outcome.added());
        result.setChanged(outcome.changed());
        result.setRemoved(outcome.removed());
        result.setUnchanged(outcome.unchanged());
        result.setSyncMode(outcome.mode());
        result.setSyncReason(outcome.reason());
        result.setSamples(outcome.samples());
        return result;
    }

    private SyncWrite syncWrite(SnapshotStore store) {
        return new SyncWrite(write, store, SyncSettings.of(configuration));
    }

    private static SnapshotRepository repository(BatchAudienceConfiguration configuration, String audience) {
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
    private static final class Control implements AudienceControl {
        private final AppWrite app;
        private final String audience;

        Control(AppWrite app, String audience) {
            this.app = app;
            this.audience = audience;
        }

        @Override
        public long settledSize() throws ApiException, InterruptedException, TimeoutException {
            Object size = app.poller.awaitSettledView().get("nb_ids");
            return size instanceof Number ? ((Number) size).longValue() : Long.parseLong(String.valueOf(size));
        }

        @Override
        public void recreate() throws ApiException, InterruptedException {
            app.account.client().delete(audience, app.idType, app.counter);
            app.account.idTypes().create(audience, app.idType, app.counter);
        }
    }
}
