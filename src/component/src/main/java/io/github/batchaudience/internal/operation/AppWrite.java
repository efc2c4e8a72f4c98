package io.github.batchaudience.internal.operation;

import io.github.batchaudience.BatchAudienceConfiguration;
import io.github.batchaudience.internal.batching.ChunkSender;
import io.github.batchaudience.internal.batching.Lane;
import io.github.batchaudience.internal.batching.WriteTally;
import io.github.batchaudience.internal.client.BatchApiClient;
import io.github.batchaudience.internal.client.CallCounter;
import io.github.batchaudience.internal.ordering.WriteOrder;
import io.github.batchaudience.internal.status.IndexingPoller;
import io.github.batchaudience.model.IdType;

/** One app's part of a write (or the project's): its type, turn, senders, lane and counts. */
final class AppWrite {
    final Account account;
    final IdType idType;
    final CallCounter counter;
    final IndexingPoller poller;
    final ChunkSender patch;
    final ChunkSender put;
    final Lane lane;
    WriteOrder.Turn turn;

    AppWrite(Account account, IdType idType, CallCounter counter, String audience, BatchAudienceConfiguration c,
             WriteTally tally) {
        this.account = account;
        this.idType = idType;
        this.counter = counter;
        BatchApiClient client = account.client();
        this.poller = new IndexingPoller(client, idType, audience, c.getIndexingPollInterval(), c.getIndexingTimeout(),
                                         counter);
        MissingAudienceRecovery recovery = new MissingAudienceRecovery(audience, c.isAutoCreate()
                ? () -> account.idTypes().createIfMissing(audience, idType, counter) : null);
        this.patch = recovery.around(body -> client.update(audience, idType, body, counter));
        this.put = recovery.around(body -> client.replace(audience, idType, body, counter));
        this.lane = new Lane(patch, put, poller, tally);
    }

    WriteTally tally() {
        return lane.tally();
    }

    /** One audience of one app or project on one server: the writes that must keep their order. */
    static String orderKey(Account account, String baseUrl, String audience) {
        return baseUrl + '\n' + account.destination().account() + '\n' + audience;
    }
}
