package io.github.batchaudience.internal.operation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

import io.github.batchaudience.BatchAudienceConfiguration;
import io.github.batchaudience.BatchAudienceOperation;
import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.internal.batching.BatchWrite;
import io.github.batchaudience.internal.batching.Lane;
import io.github.batchaudience.internal.batching.WriteAbortedException;
import io.github.batchaudience.internal.batching.WriteSettings;
import io.github.batchaudience.internal.batching.WriteTally;
import io.github.batchaudience.internal.batching.WriteTarget;
import io.github.batchaudience.internal.client.ApiDialect;
import io.github.batchaudience.internal.client.CallCounter;
import io.github.batchaudience.internal.input.OperationSource;
import io.github.batchaudience.internal.input.OperationSources;
import io.github.batchaudience.internal.ordering.WriteOrder;
import io.github.batchaudience.internal.sync.SortedMembers;
import io.github.batchaudience.model.IdType;

/**
 * update, replace and sync: finds the audience's ID type, waits for the audience's turn, reads
 * and sends the input through {@link BatchWrite} (or {@link SyncRun}), waits for indexing when
 * asked, and returns the result. To several apps, the input is read once and every request goes
 * to every app; an app that fails stops alone, and the write fails once every app was tried
 * ({@link AppsFailedException}). To one app or a project, a lasting failure after part of the
 * write was applied is a {@link PartialWriteException} carrying what was.
 */
public final class AudienceWrites {
    private final List<Account> accounts;
    private final BatchAudienceConfiguration configuration;
    private final WriteOrder writeOrder;
    private final ExecutorService senders;
    private final ScheduledExecutorService progressClock;

    /** @param progressClock null when progress reports are off */
    public AudienceWrites(List<Account> accounts, BatchAudienceConfiguration configuration, WriteOrder writeOrder,
                          ExecutorService senders, ScheduledExecutorService progressClock) {
        this.accounts = List.copyOf(accounts);
        this.configuration = configuration;
        this.writeOrder = writeOrder;
        this.senders = senders;
        this.progressClock = progressClock;
    }

    public BatchAudienceResult write(WriteRequest request, CallCounter counter) throws Exception {
        long started = System.nanoTime();
        BatchAudienceConfiguration c = configuration;
        String audience = request.audience();
        EveryApp every = new EveryApp(accounts);
        BatchWrite write = new BatchWrite(WriteSettings.of(c), senders);
        WriteTally input = write.newTally();
        List<AppWrite> apps = new ArrayList<>();
        Map<Account, CallCounter> counters = new HashMap<>();
        for (Account account : accounts) {
            boolean alone = accounts.size() == 1;
            CallCounter appCounter = alone ? counter : new CallCounter();
            counters.put(account, appCounter);
            IdType idType = every.run(account, a -> a.idTypes().forWriting(audience, request.idType(), appCounter));
            if (idType != null) {
                apps.add(new AppWrite(account, idType, appCounter, audience, c, alone ? input : write.laneTally()));
            }
        }
        if (apps.isEmpty()) {
            every.throwIfFailed(null);
        }
        WriteTarget target = target(request, apps);
        // A dry run sends nothing: it neither waits for earlier writes nor holds back later ones.
        try {
            if (!c.isDryRun()) {
                // Turns are taken in one order whatever the order of the keys: two endpoints naming
                // the same apps the other way round must not each hold one and wait for the other.
                List<AppWrite> byKey = new ArrayList<>(apps);
                byKey.sort(Comparator.comparing(app -> AppWrite.orderKey(app.account, c.getBaseUrl(), audience)));
                for (AppWrite app : byKey) {
                    app.turn = writeOrder.turn(AppWrite.orderKey(app.account, c.getBaseUrl(), audience));
                    every.run(app.account, a -> {
                        app.turn.awaitEarlier(request.awaitTokens(), app.poller);
                        return a;
                    });
                }
            }
            Map<AppWrite, BatchAudienceResult> results;
            try {
                results = send(request, target, write, input, live(apps, every), every, started);
            } finally {
                for (AppWrite app : apps) {
                    if (app.turn != null) {
                        app.turn.left(app.tally().tokens());
                    }
                }
            }
            return finish(request, target, input, apps, results, every, counters, started);
        } finally {
            for (AppWrite app : apps) {
                if (app.turn != null) {
                    app.turn.close();
                }
            }
        }
    }

    /** The audience as every app holds it: one ID type, hence one API version and one request shape. */
    private static WriteTarget target(WriteRequest request, List<AppWrite> apps) {
        IdType idType = apps.get(0).idType;
        for (AppWrite app : apps) {
            if (app.idType != idType) {
                throw new IllegalArgumentException("audience " + request.audience() + " holds " + idType + " in app "
                                                   + apps.get(0).account.app() + " but " + app.idType + " in app "
                                                   + app.account.app());
            }
        }
        ApiDialect dialect = apps.get(0).account.client().dialect(idType);
        if (request.operation() == BatchAudienceOperation.replace && !dialect.canReplace()) {
            throw new IllegalArgumentException("replace needs an install_ids audience (API 1.1); " + request.audience()
                                               + " holds " + idType);
        }
        return new WriteTarget(request.audience(), idType, dialect);
    }

    private static List<AppWrite> live(List<AppWrite> apps, EveryApp every) {
        return apps.stream().filter(app -> !every.failed(app.account)).collect(Collectors.toList());
    }

    /** The write itself, in the audience's turn in every app; the result of each app that got one. */
    private Map<AppWrite, BatchAudienceResult> send(WriteRequest request, WriteTarget target, BatchWrite write,
                                                    WriteTally input, List<AppWrite> apps, EveryApp every, long started)
            throws Exception {
        BatchAudienceConfiguration c = configuration;
        BatchAudienceOperation operation = request.operation();
        String what = (request.sourceName() == null ? "" : request.sourceName() + ": ") + operation + " of "
                      + target.audience();
        Map<AppWrite, BatchAudienceResult> results = new HashMap<>();
        try (ProgressReport progress = new ProgressReport(progressClock, c.getProgressInterval(), write, what, started);
             OperationSource source = OperationSources.open(request.body(), c.getInputFormat(), request.sourceName())) {
            if (operation == BatchAudienceOperation.sync) {
                SyncRun sync = new SyncRun(c, write, target.audience());
                try (SortedMembers desired = sync.sortedInput(source, target, input)) {
                    for (AppWrite app : apps) {
                        try {
                            BatchAudienceResult result = every.run(
                                    app.account, a -> sync.sync(desired, target, request.replaceAsked(), app, input));
                            if (result != null) {
                                results.put(app, result);
                            }
                        } catch (WriteAbortedException aborted) {
                            throw alone(aborted, operation, target, input, app, started);
                        }
                    }
                }
            } else {
                List<Lane> lanes = apps.stream().map(app -> app.lane).collect(Collectors.toList());
                if (operation == BatchAudienceOperation.update) {
                    write.update(source, target, lanes, input);
                } else {
                    write.replace(source, target, lanes, input);
                }
                for (AppWrite app : apps) {
                    Exception failure = app.lane.failure();
                    if (failure != null && accounts.size() == 1) {
                        throw alone(failure, operation, target, input, app, started);
                    }
                    if (failure != null) {
                        every.fail(app.account, failure);
                    }
                    results.put(app, WriteResults.of(operation, target.audience(), target.idType(), input, app.tally()));
                }
            }
        }
        return results;
    }

    /** One app's failure as the write's, as before there could be several. */
    private static Exception alone(Exception failure, BatchAudienceOperation operation, WriteTarget target,
                                   WriteTally input, AppWrite app, long started) {
        if (failure instanceof WriteAbortedException aborted) {
            BatchAudienceResult partial = WriteResults.of(operation, target.audience(), target.idType(), input,
                                                          app.tally());
            return new PartialWriteException(WriteResults.finish(partial, app.counter, started), aborted.failure());
        }
        return failure;
    }

    private BatchAudienceResult finish(WriteRequest request, WriteTarget target, WriteTally input, List<AppWrite> apps,
                                       Map<AppWrite, BatchAudienceResult> results, EveryApp every,
                                       Map<Account, CallCounter> counters, long started)
            throws Exception {
        BatchAudienceConfiguration c = configuration;
        List<BatchAudienceResult> byApp = new ArrayList<>();
        for (AppWrite app : apps) {
            BatchAudienceResult sent = results.get(app);
            BatchAudienceResult result = sent != null ? sent
                    : WriteResults.of(request.operation(), target.audience(), target.idType(), input, app.tally());
            result.setDryRun(c.isDryRun());
            if (!every.failed(app.account) && c.isWaitForIndexing() && !c.isDryRun()) {
                every.run(app.account, a -> {
                    for (String token : result.getTokens()) {
                        app.poller.awaitSettled(token);
                    }
                    result.setIndexingState(app.poller.lastState());
                    if (app.turn != null) {
                        app.turn.settled(result.getTokens());
                    }
                    return a;
                });
            }
            byApp.add(WriteResults.finish(result, app.counter, started));
        }
        if (accounts.size() == 1) {
            return byApp.get(0);
        }
        // One entry per app, in the keys' order, those that failed before sending included.
        List<BatchAudienceResult> entries = new ArrayList<>();
        for (Account account : accounts) {
            int sent = apps.stream().map(app -> app.account).collect(Collectors.toList()).indexOf(account);
            BatchAudienceResult entry = sent >= 0 ? byApp.get(sent) : WriteResults.finish(
                    WriteResults.of(request.operation(), target.audience(), target.idType(), input, null),
                    counters.get(account), started);
            entry.setApp(account.app());
            Exception failure = every.failureOf(account);
            entry.setError(failure == null ? null : AppsFailedException.messageOf(failure));
            entries.add(entry);
        }
        BatchAudienceResult all = WriteResults.ofApps(request.operation(), target.audience(), target.idType(), input,
                                                      entries, started);
        every.throwIfFailed(all);
        return all;
    }
}
