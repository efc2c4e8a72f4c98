package io.github.batchaudience.integration.inbox;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.integration.state.StateBackend;
import io.github.batchaudience.integration.state.StateRecords;
import io.github.batchaudience.integration.state.StateSetup;

/**
 * The attempts of an inbox file not settled yet ({@link StateRecords} of kind {@code attempts}),
 * so that its report, once it is DONE or FAILED, tells every attempt and what each one sent: a
 * first attempt that sent 300,000 IDs before the API went away is not hidden by the retry that
 * completed the file.
 */
public final class FileAttempts {
    private StateRecords records;

    /** One attempt at a file: when, how it ended, and its counts (zero when nothing was read). */
    public record Attempt(int attempt, String startedAt, String finishedAt, String outcome, String error,
                         long rowsRead, long idsSent, long added, long removed, long rejected, long writeRequests,
                         long requests, long retries) {

        static Attempt of(int number, Instant started, String outcome, String error, BatchAudienceResult r) {
            String finished = Instant.now().toString();
            if (r == null) {
                return new Attempt(number, started.toString(), finished, outcome, error, 0, 0, 0, 0, 0, 0, 0, 0);
            }
            return new Attempt(number, started.toString(), finished, outcome, error, r.getRowsRead(), r.getIdsSent(),
                               r.getAdded(), r.getRemoved(), r.getRejected(), r.getWriteRequests(), r.getRequests(),
                               r.getRetries());
        }
    }

    /** What a record holds. */
    public static final class Attempts {
        public List<Attempt> attempts = new ArrayList<>();
    }

    /** Where the records are ({@link StateSetup}'s bean). */
    public void setState(StateBackend state) {
        this.records = state.records("attempts");
    }

    /** Records an attempt that will be followed by another; returns the attempts so far. */
    public List<Attempt> retried(String file, Instant started, String error, BatchAudienceResult partial)
            throws IOException {
        Attempts earlier = earlier(file);
        earlier.attempts.add(Attempt.of(earlier.attempts.size() + 1, started, "RETRY", error, partial));
        records.put(file, earlier);
        return earlier.attempts;
    }

    /** Every attempt of a file that ends now with this outcome, the last one included; the record is dropped. */
    public List<Attempt> settled(String file, Instant started, String outcome, String error, BatchAudienceResult result)
            throws IOException {
        Attempts all = earlier(file);
        all.attempts.add(Attempt.of(all.attempts.size() + 1, started, outcome, error, result));
        return all.attempts;
    }

    /** Forgets the file's attempts, once its report holds them. */
    public void forget(String file) throws IOException {
        records.remove(file);
    }

    private Attempts earlier(String file) throws IOException {
        Attempts earlier;
        try {
            earlier = records.get(file, Attempts.class);
        } catch (StateRecords.DamagedException e) {
            // The report then lists the attempts from this one on; the damaged record is set aside.
            earlier = null;
        }
        return earlier == null ? new Attempts() : earlier;
    }
}
