package io.github.batchaudience.internal.operation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.batchaudience.BatchAudienceConfiguration;
import io.github.batchaudience.internal.client.ApiException;
import io.github.batchaudience.internal.client.BatchApiClient;
import io.github.batchaudience.internal.client.CallCounter;
import io.github.batchaudience.model.IdType;

/**
 * The ID type each audience holds, which also picks its API version: the idType option, else read
 * once from the API and remembered until the audience is deleted or
 * found missing. With autoCreate, a write's missing audience is created here.
 */
public final class IdTypeResolver {
    private final BatchApiClient client;
    private final BatchAudienceConfiguration configuration;
    private final Map<String, IdType> known = new ConcurrentHashMap<>();

    public IdTypeResolver(BatchApiClient client, BatchAudienceConfiguration configuration) {
        this.client = client;
        this.configuration = configuration;
    }

    /** The type to read or delete the audience with; never creates it. */
    public IdType forReading(String audience, IdType configured, CallCounter counter)
            throws ApiException, InterruptedException {
        return resolve(audience, configured, counter, false);
    }

    /** The type to write with; creates a missing audience when autoCreate is on (and this is no dry run). */
    public IdType forWriting(String audience, IdType configured, CallCounter counter)
            throws ApiException, InterruptedException {
        return resolve(audience, configured, counter, true);
    }

    /** After a delete or a 404: the next use reads the audience again. */
    public void forget(String audience) {
        known.remove(audience);
    }

    private IdType resolve(String audience, IdType configured, CallCounter counter, boolean forWrite)
            throws ApiException, InterruptedException {
        IdType remembered = known.get(audience);
        if (remembered != null) {
            return remembered;
        }
        boolean mayCreate = forWrite && configuration.isAutoCreate() && !configuration.isDryRun();
        if (configured != null && !mayCreate) {
            return configured;
        }
        IdType found;
        try {
            found = client.typeOf(audience, counter);
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
        known.put(audience, found);
        return found;
    }

    /** Creates the audience and remembers its type. */
    public void create(String audience, IdType idType, CallCounter counter) throws ApiException, InterruptedException {
        client.create(audience, idType, configuration.getDescription(), counter);
        known.put(audience, idType);
    }

    /**
     * Creates the audience unless someone else just did: that is what was wanted. The Custom
     * Audience API refuses an existing name with 403; another refusal (400) may mean the same,
     * so the audience is read again, and the refusal stands only if it is still missing.
     */
    public void createIfMissing(String audience, IdType idType, CallCounter counter)
            throws ApiException, InterruptedException {
        try {
            create(audience, idType, counter);
        } catch (ApiException e) {
            if (e.getStatus() == 403) {
                return;
            }
            if (e.getStatus() != 400 || !exists(audience, counter)) {
                throw e;
            }
        }
    }

    private boolean exists(String audience, CallCounter counter) throws ApiException, InterruptedException {
        try {
            client.typeOf(audience, counter);
            return true;
        } catch (ApiException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
    }
}
