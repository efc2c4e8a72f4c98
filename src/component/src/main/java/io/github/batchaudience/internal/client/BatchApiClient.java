package io.github.batchaudience.internal.client;

import java.io.Closeable;
import java.util.Map;

/**
 * What the component asks of Batch, whatever API or transport answers: the operations, the
 * indexing token of each accepted write, and every lasting failure as an {@link ApiException}
 * (retries are the implementation's). {@code version} is the API version the audience lives in;
 * each call counts its attempts in {@code counter}. Implementations never show a key in what they
 * log or throw.
 */
public interface BatchApiClient extends Closeable {

    /** Creates an audience; {@code body} is the create request's JSON. */
    void create(String version, String audience, byte[] body, CallCounter counter)
            throws ApiException, InterruptedException;

    /** Adds and removes members; returns the write's indexing token. */
    String update(String version, String audience, byte[] body, CallCounter counter)
            throws ApiException, InterruptedException;

    /** Replaces every member with the body's; returns the write's indexing token. */
    String replace(String version, String audience, byte[] body, CallCounter counter)
            throws ApiException, InterruptedException;

    /** The audience's view; with a token, its indexing state too. */
    Map<String, Object> view(String version, String audience, String token, CallCounter counter)
            throws ApiException, InterruptedException;

    /** One page of audiences, newest first, under the key {@code custom_audiences}. */
    Map<String, Object> list(String version, int from, int limit, CallCounter counter)
            throws ApiException, InterruptedException;

    /** Deletes the audience. */
    void delete(String version, String audience, CallCounter counter) throws ApiException, InterruptedException;

    /**
     * One cheap request, never retried: whether the API answers and takes the keys, for health
     * checks, which must answer quickly rather than wait out a backoff.
     */
    void probe() throws ApiException, InterruptedException;
}
