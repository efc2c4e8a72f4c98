package io.github.batchaudience.internal.operation;

import io.github.batchaudience.internal.batching.ChunkSender;
import io.github.batchaudience.internal.client.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A write that meets 404 on an audience the component found or created: it was deleted on
 * Batch's side meanwhile. With autoCreate the audience is created again, once per exchange, and
 * the request sent again (the next request of the exchange would otherwise fail, and a queue's
 * whole batch with it); without, the failure says what happened.
 */
final class MissingAudienceRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(MissingAudienceRecovery.class);

    @FunctionalInterface
    interface Creator {
        void create() throws ApiException, InterruptedException;
    }

    private final String audience;
    /** Null without autoCreate. */
    private final Creator creator;
    private boolean recreated;

    MissingAudienceRecovery(String audience, Creator creator) {
        this.audience = audience;
        this.creator = creator;
    }

    /** The sender, sending again once the audience is created again. */
    ChunkSender around(ChunkSender sender) {
        return body -> {
            try {
                return sender.send(body);
            } catch (ApiException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
                recreate(e);
                return sender.send(body);
            }
        };
    }

    /** Requests sent in parallel may all meet the 404: the first creates, the others only send again. */
    private synchronized void recreate(ApiException notFound) throws ApiException, InterruptedException {
        if (creator == null) {
            throw new ApiException(notFound.getStatus(), notFound.getError(), notFound.getErrorCode(),
                                   "audience " + audience + " was deleted on Batch's side (autoCreate is off, so it is"
                                   + " not created again): " + notFound.getApiMessage(),
                                   notFound.getAttempts(), notFound);
        }
        if (!recreated) {
            LOG.warn("Audience {} was deleted on Batch's side: created again (autoCreate) and the write sent again",
                     audience);
            creator.create();
            recreated = true;
        }
    }
}
