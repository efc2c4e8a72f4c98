package io.github.batchaudience.internal.client;

import java.io.Closeable;
import java.util.Map;

import io.github.batchaudience.model.IdType;

/**
 * What the component asks of Batch, whichever API answers: the operations on an audience named
 * with the kind of IDs it holds (which, in the Custom Audience API, picks its version), the
 * indexing token of each accepted write, and every lasting failure as an {@link ApiException}
 * (retries are the implementation's). Each call counts its attempts in {@code counter}.
 * Implementations never show a key in what they log or throw.
 */
public interface BatchApiClient extends Closeable {

    /** The rules of the API an audience of this ID type lives in. */
    ApiDialect dialect(IdType idType);

    /** The kind of IDs the audience holds, read from the API; a 404 when it does not exist. */
    IdType typeOf(String audience, CallCounter counter) throws ApiException, InterruptedException;

    void create(String audience, IdType idType, String description, CallCounter counter)
            throws ApiException, InterruptedException;

    /** Adds and removes members; {@code body} is a request of {@link #dialect}. Returns the write's indexing token. */
    String update(String audience, IdType idType, byte[] body, CallCounter counter)
            throws ApiException, InterruptedException;

    /** Replaces every member with the body's; returns the write's indexing token. */
    String replace(String audience, IdType idType, byte[] body, CallCounter counter)
            throws ApiException, InterruptedException;

    /** The audience's view, as the API gives it; with a token, that write's indexing state too. */
    Map<String, Object> view(String audience, IdType idType, String token, CallCounter counter)
            throws ApiException, InterruptedException;

    /** Every audience, all pages joined, as the API names the list; {@code idType} may be null. */
    Map<String, Object> list(IdType idType, CallCounter counter) throws ApiException, InterruptedException;

    void delete(String audience, IdType idType, CallCounter counter) throws ApiException, InterruptedException;

    /**
     * One cheap request, never retried: whether the API answers and takes the keys, for health
     * checks, which must answer quickly rather than wait out a backoff.
     */
    void probe() throws ApiException, InterruptedException;
}
