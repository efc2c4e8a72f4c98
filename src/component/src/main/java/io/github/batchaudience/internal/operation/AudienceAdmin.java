package io.github.batchaudience.internal.operation;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.batchaudience.internal.client.ApiException;
import io.github.batchaudience.internal.client.BatchApiClient;
import io.github.batchaudience.internal.client.CallCounter;
import io.github.batchaudience.model.IdType;

/**
 * The operations that read or manage audiences rather than write members: create, view, list
 * and delete. The producer and the polling consumer both use them.
 */
public final class AudienceAdmin {
    private final BatchApiClient client;
    private final IdTypeResolver idTypes;

    public AudienceAdmin(BatchApiClient client, IdTypeResolver idTypes) {
        this.client = client;
        this.idTypes = idTypes;
    }

    public Map<String, Object> create(String audience, IdType idType, CallCounter counter)
            throws ApiException, InterruptedException {
        if (idType == null) {
            throw new IllegalArgumentException("batch-audience:create of " + audience + " needs the idType option");
        }
        idTypes.create(audience, idType, counter);
        return new LinkedHashMap<>();
    }

    /** The audience's view; with a token, the indexing state of that write too. */
    public Map<String, Object> view(String audience, IdType requested, String token, CallCounter counter)
            throws ApiException, InterruptedException {
        return client.view(audience, idTypes.forReading(audience, requested, counter), token, counter);
    }

    /** Every page of the list, joined, in the API's order (newest first). */
    public Map<String, Object> list(IdType requested, CallCounter counter) throws ApiException, InterruptedException {
        return client.list(requested, counter);
    }

    public Map<String, Object> delete(String audience, IdType requested, CallCounter counter)
            throws ApiException, InterruptedException {
        client.delete(audience, idTypes.forReading(audience, requested, counter), counter);
        idTypes.forget(audience);
        return new LinkedHashMap<>();
    }
}
