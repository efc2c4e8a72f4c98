package io.github.batchaudience.integration.status;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.batchaudience.BatchAudienceConstants;
import io.github.batchaudience.BatchAudienceRules;
import io.github.batchaudience.integration.alerts.Alerts;
import io.github.batchaudience.integration.inbox.AppTokens;
import io.github.batchaudience.integration.inbox.Reports;
import io.github.batchaudience.integration.inbox.TokenStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.github.batchaudience.BatchAudienceRules.printable;

/**
 * The status route's logic: which tokens to ask about on this tick, and what an answer means for
 * the file's report. The route itself asks, through {@code batch-audience:view} with the token
 * header.
 */
public class StatusPoller {
    /** Exchange property holding the {@link PendingToken} a view answers for. */
    public static final String PENDING = "batchPendingToken";

    private static final Logger LOG = LoggerFactory.getLogger(StatusPoller.class);

    private Reports reports;
    private TokenStore tokenStore;
    private Alerts alerts;
    private long alertAfter = 600_000;
    private int tokensPerFile = 50;

    /** One token to ask about. */
    public static final class PendingToken {
        private final String file;
        private final String audience;
        private final String idType;
        private final String token;

        PendingToken(String file, String audience, String idType, String token) {
            this.file = file;
            this.audience = audience;
            this.idType = idType;
            this.token = token;
        }

        public String getFile() {
            return file;
        }

        public String getAudience() {
            return audience;
        }

        public String getIdType() {
            return idType;
        }

        public String getToken() {
            return token;
        }
    }

    /**
     * The tokens to ask about now: the oldest pending ones of each file (writes of a file are
     * applied roughly in order, so later ones wait for a later tick). Raises the late-indexing
     * alert once per file.
     */
    public List<PendingToken> due() throws IOException {
        List<PendingToken> due = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (TokenStore.Entry entry : tokenStore.pending()) {
            if (!entry.alerted && now - entry.registeredAt > alertAfter) {
                alerts.raise(Alerts.INDEXING_LATE, entry.file, entry.pending.size() + " indexing token(s) of audience "
                                                              + entry.audience + " not applied after "
                                                              + (now - entry.registeredAt) / 1000 + " s");
                entry.alerted = true;
                tokenStore.save(entry);
            }
            for (String token : entry.pending.subList(0, Math.min(tokensPerFile, entry.pending.size()))) {
                due.add(new PendingToken(entry.file, entry.audience, entry.idType, token));
            }
        }
        return due;
    }

    /** Prepares the view of one token: the component reads audience, type and token from headers. */
    public void ask(Exchange exchange) {
        PendingToken pending = exchange.getIn().getBody(PendingToken.class);
        exchange.setProperty(PENDING, pending);
        exchange.getIn().setHeader(BatchAudienceConstants.AUDIENCE_NAME, pending.getAudience());
        exchange.getIn().setHeader(BatchAudienceConstants.ID_TYPE, pending.getIdType());
        exchange.getIn().setHeader(BatchAudienceConstants.INDEXING_TOKEN, AppTokens.tokenOf(pending.getToken()));
        exchange.getIn().setHeader(BatchAudienceConstants.APP, AppTokens.appOf(pending.getToken()));
    }

    /** Records the view's answer; once every token of a file is settled, its report says DONE. */
    public synchronized void record(Exchange exchange) throws IOException {
        PendingToken pending = exchange.getProperty(PENDING, PendingToken.class);
        Object state = exchange.getIn().getBody(Map.class).get("indexing_state");
        if (!BatchAudienceRules.isIndexingSettled(state == null ? null : state.toString())) {
            return;
        }
        TokenStore.Entry entry = tokenStore.get(pending.getFile());
        if (entry == null || !entry.pending.remove(pending.getToken())) {
            return;
        }
        entry.lastState = state.toString();
        if (entry.pending.isEmpty()) {
            reports.markIndexed(entry.file, entry.lastState);
            tokenStore.remove(entry.file);
            LOG.info("{}: every write applied to audience {}", printable(entry.file), entry.audience);
        } else {
            tokenStore.save(entry);
        }
    }

    public void setReports(Reports reports) {
        this.reports = reports;
    }

    public void setTokenStore(TokenStore tokenStore) {
        this.tokenStore = tokenStore;
    }

    public void setAlerts(Alerts alerts) {
        this.alerts = alerts;
    }

    /** Milliseconds after which a file whose writes are not all applied raises an alert. */
    public void setAlertAfter(long alertAfter) {
        this.alertAfter = alertAfter;
    }

    /** How many of a file's pending tokens are asked about on one tick. */
    public void setTokensPerFile(int tokensPerFile) {
        this.tokensPerFile = tokensPerFile;
    }
}
