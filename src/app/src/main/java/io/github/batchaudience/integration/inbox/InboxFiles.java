package io.github.batchaudience.integration.inbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.batchaudience.BatchAudienceConstants;
import io.github.batchaudience.BatchAudienceException;
import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.integration.AudienceIdType;
import io.github.batchaudience.integration.ExchangeFailure;
import io.github.batchaudience.integration.alerts.Alerts;
import io.github.batchaudience.integration.alerts.RejectedShareAlert;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.github.batchaudience.BatchAudienceRules.printable;

/**
 * The life of one inbox file (from the folder or SFTP): its name tells the component what to do;
 * its outcome is a report, tokens to watch, and where the consumer moves it: to done only when
 * every request succeeded, to failed when it cannot succeed as it is, and nowhere (to be tried
 * again later) when the failure may pass.
 */
public class InboxFiles implements CamelContextAware {
    /** Exchange property: where the folder consumer moves the file when the exchange completes. */
    public static final String MOVE_TO = "batchMoveTo";
    /** Exchange property: done or failed, for consumers that move files relative to their folder (SFTP). */
    public static final String OUTCOME = "batchOutcome";
    /** Exchange property: true when the file was settled before (its move failed): it is only moved. */
    public static final String ALREADY_SETTLED = "batchAlreadySettled";
    static final String FILE = "batchFile";
    static final String STARTED = "batchStarted";

    private static final Logger LOG = LoggerFactory.getLogger(InboxFiles.class);

    private CamelContext camelContext;
    private Reports reports;
    private TokenStore tokenStore;
    private FileAttempts attempts;
    private SettledFiles settledFiles;
    private Alerts alerts;
    private RetryFilter<?> retryFilter;
    private String doneDirectory = "data/done";
    private String failedDirectory = "data/failed";
    private final RejectedShareAlert rejectedShare = new RejectedShareAlert();

    /**
     * Reads the file's name into the component's headers; an unparseable name fails the file. A
     * file settled before, whose move then failed, is not sent again: it is marked to be moved
     * only. A file taken in one poll with an earlier one of its audience that has since failed
     * and waits for its retry is left where it is, untouched ({@link HeldBackException}).
     */
    public void prepare(Exchange exchange) throws IOException, HeldBackException {
        String file = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        exchange.setProperty(FILE, file);
        exchange.setProperty(STARTED, Instant.now());
        String settled = settledFiles.outcomeOf(file, size(exchange), modified(exchange));
        if (settled != null) {
            alreadySettled(exchange, file, settled);
            return;
        }
        GenericFile<?> taken = exchange.getProperty(FileComponent.FILE_EXCHANGE_FILE, GenericFile.class);
        if (taken != null && retryFilter.isHeldBack(taken)) {
            throw new HeldBackException(file);
        }
        InboxFileName name = InboxFileName.parse(file);
        exchange.getIn().setHeader(BatchAudienceConstants.OPERATION, name.operation());
        exchange.getIn().setHeader(BatchAudienceConstants.AUDIENCE_NAME, name.audience());
        exchange.getIn().setHeader(BatchAudienceConstants.SOURCE_NAME, file);
        if (name.isFull()) {
            exchange.getIn().setHeader(BatchAudienceConstants.SYNC_REPLACE, true);
        }
        // Writes of the audience accepted before (by an earlier run, or another instance) and not
        // yet seen applied: the component sends nothing of this file until they are.
        // Each app's poller skips the tokens it does not know: the other apps'.
        List<String> earlier = AppTokens.tokensOf(tokenStore.pendingOf(name.audience()));
        if (!earlier.isEmpty()) {
            exchange.getIn().setHeader(BatchAudienceConstants.AWAIT_TOKENS, earlier);
        }
        String idType = AudienceIdType.configured(camelContext, name.audience());
        if (idType != null) {
            exchange.getIn().setHeader(BatchAudienceConstants.ID_TYPE, idType);
        }
        LOG.info("{}: {} of audience {}", printable(file), name.operation(), name.audience());
    }

    /** Every request succeeded: report, tokens to watch, and the file goes to done. */
    public void succeeded(Exchange exchange) throws IOException {
        String file = exchange.getProperty(FILE, String.class);
        BatchAudienceResult result = exchange.getMessage().getBody(BatchAudienceResult.class);
        boolean pending = !result.getTokens().isEmpty() && !"APPLIED".equals(result.getIndexingState());
        // The report first, then the tokens: the status route may find them applied at once, and
        // must then have a report to mark DONE. Both are written before the file moves, so a
        // crash in between sends the file again rather than losing them.
        String status = pending ? Reports.PENDING_INDEXING : Reports.DONE;
        ObjectNode report = reports.write(file, result, status, null, started(exchange),
                                          attempts.settled(file, started(exchange), status, null, result));
        TokenStore.Entry tokens = pending
                ? tokenStore.register(file, result.getAudience(), result.getIdType().name(), AppTokens.of(result))
                : null;
        rejectedShare.raiseIfExceeded(() -> alerts, file, result, "rows", "see " + reports.rejectedFile(file));
        // The one record forced to disk: it keeps the report and the tokens, written without.
        settledFiles.record(file, size(exchange), modified(exchange), "done", report, tokens);
        attempts.forget(file);
        retryFilter.succeeded(file);
        moveTo(exchange, "done", doneDirectory, file);
        LOG.info("{}: {} rows read, {} IDs sent in {} requests, {} rejected{}", printable(file), result.getRowsRead(),
                 result.getIdsSent(), result.getWriteRequests(), result.getRejected(),
                 pending ? "; waiting for indexing" : "");
    }

    /** Whether the exchange's failure would happen again with the same file: then it goes to failed. */
    public boolean isPermanent(Exchange exchange) {
        return ExchangeFailure.isPermanent(ExchangeFailure.root(exchange));
    }

    /** The file cannot succeed as it is: a FAILED report saying why, an alert, and the file goes to failed. */
    public void failed(Exchange exchange) throws IOException {
        String file = exchange.getProperty(FILE, String.class);
        if (file == null) {
            file = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        }
        Throwable failure = ExchangeFailure.root(exchange);
        BatchAudienceResult partial = failure instanceof BatchAudienceException
                ? ((BatchAudienceException) failure).getPartialResult() : null;
        String reason = failure == null ? "unknown failure" : failure.getMessage();
        // Reports and alerts are read apart from the file: the reason must name it.
        if (reason == null || !reason.contains(file)) {
            reason = file + ": " + reason;
        }
        ObjectNode report = reports.write(file, partial, Reports.FAILED, reason, started(exchange),
                                          attempts.settled(file, started(exchange), Reports.FAILED, reason, partial));
        alerts.raise(Alerts.FILE_FAILED, file, reason);
        settledFiles.record(file, size(exchange), modified(exchange), "failed", report, null);
        attempts.forget(file);
        retryFilter.succeeded(file);
        moveTo(exchange, "failed", failedDirectory, file);
    }

    /**
     * The file was settled by an earlier exchange but is still in its folder: the move after it
     * failed. Its report keeps saying what happened; the move is tried again after a growing
     * delay, with one alert, and the file holds back no other.
     */
    private void alreadySettled(Exchange exchange, String file, String outcome) throws IOException {
        exchange.setProperty(ALREADY_SETTLED, true);
        moveTo(exchange, outcome, "done".equals(outcome) ? doneDirectory : failedDirectory, file);
        int attempts = retryFilter.stuck(file);
        String message = file + " was settled (" + outcome + ", see its report) but is still in its folder: moving it"
                         + " to " + outcome + " failed; it is not sent again, the move is tried again later";
        if (attempts == 1) {
            alerts.raise(Alerts.FILE_NOT_MOVED, file, message);
        } else {
            LOG.warn("{} (attempt {})", printable(message), attempts);
        }
    }

    private static long size(Exchange exchange) {
        Long size = exchange.getIn().getHeader(Exchange.FILE_LENGTH, Long.class);
        return size == null ? -1 : size;
    }

    private static long modified(Exchange exchange) {
        Long modified = exchange.getIn().getHeader(Exchange.FILE_LAST_MODIFIED, Long.class);
        return modified == null ? -1 : modified;
    }

    /** The failure may pass: the file stays where it is and is tried again later. */
    public void retryLater(Exchange exchange) throws IOException {
        String file = exchange.getProperty(FILE, String.class);
        Throwable failure = ExchangeFailure.root(exchange);
        BatchAudienceResult partial = failure instanceof BatchAudienceException
                ? ((BatchAudienceException) failure).getPartialResult() : null;
        attempts.retried(file, started(exchange), failure == null ? "unknown failure" : failure.getMessage(), partial);
        long wait = retryFilter.failed(file);
        LOG.warn("{}: not applied this time, will be tried again in {} s: {}", printable(file), (wait + 999) / 1000,
                 failure == null ? "unknown failure" : printable(failure.getMessage()));
    }

    private void moveTo(Exchange exchange, String outcome, String directory, String file) {
        exchange.setProperty(OUTCOME, outcome);
        exchange.setProperty(MOVE_TO, Path.of(directory).toAbsolutePath().resolve(file).toString());
    }

    private static Instant started(Exchange exchange) {
        Instant started = exchange.getProperty(STARTED, Instant.class);
        return started == null ? Instant.now() : started;
    }

    public void setReports(Reports reports) {
        this.reports = reports;
    }

    public void setTokenStore(TokenStore tokenStore) {
        this.tokenStore = tokenStore;
    }

    public void setAttempts(FileAttempts attempts) {
        this.attempts = attempts;
    }

    public void setSettledFiles(SettledFiles settledFiles) {
        this.settledFiles = settledFiles;
    }

    public void setAlerts(Alerts alerts) {
        this.alerts = alerts;
    }

    public void setRetryFilter(RetryFilter<?> retryFilter) {
        this.retryFilter = retryFilter;
    }

    public void setDoneDirectory(String doneDirectory) {
        this.doneDirectory = doneDirectory;
    }

    public void setFailedDirectory(String failedDirectory) {
        this.failedDirectory = failedDirectory;
    }

    /** Share of rejected rows (0 to 1) beyond which a file raises an alert. */
    public void setRejectedShareAlert(double rejectedShareAlert) {
        rejectedShare.setShare(rejectedShareAlert);
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
