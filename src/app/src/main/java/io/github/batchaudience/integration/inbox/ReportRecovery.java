package io.github.batchaudience.integration.inbox;

import java.io.IOException;
import java.time.Duration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.github.batchaudience.BatchAudienceRules.printable;

/**
 * At start, before the first poll: the reports and tokens' records of the files settled lately,
 * written without being forced to disk, are rebuilt from the settled records (forced) if an
 * operating system crash lost them. A report missing or unreadable is written back as it was
 * first written; one still waiting for indexing whose tokens' record is gone gets its tokens
 * again, so that the status route asks for them and marks it DONE once they are applied.
 */
public final class ReportRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(ReportRecovery.class);
    /**
     * How far back settled files are checked: an operating system writes unforced files to disk
     * within seconds (Linux: 30 s by default); an hour leaves room for any.
     */
    static final Duration LOOK_BACK = Duration.ofHours(1);

    private SettledFiles settledFiles;
    private Reports reports;
    private TokenStore tokenStore;

    public void recover() throws IOException {
        for (SettledFiles.Entry settled : settledFiles.writtenSince(System.currentTimeMillis() - LOOK_BACK.toMillis())) {
            if (settled.report == null) {
                continue;
            }
            ObjectNode report = readable(settled.file);
            if (report == null) {
                LOG.warn("{}: its report was lost (a crash of the system?): written again from its settled record",
                         printable(settled.file));
                reports.restore(settled.file, settled.report);
                report = settled.report;
            }
            if (!settled.tokens.isEmpty() && Reports.PENDING_INDEXING.equals(report.path("status").asText())
                && tokenStore.get(settled.file) == null) {
                LOG.warn("{}: its indexing tokens were lost (a crash of the system?): registered again from its"
                         + " settled record", printable(settled.file));
                tokenStore.register(settled.file, settled.audience, settled.idType, settled.tokens);
            }
        }
    }

    private ObjectNode readable(String file) {
        try {
            return reports.read(file);
        } catch (IOException e) {
            // Cut short by the crash: as good as missing.
            return null;
        }
    }

    public void setSettledFiles(SettledFiles settledFiles) {
        this.settledFiles = settledFiles;
    }

    public void setReports(Reports reports) {
        this.reports = reports;
    }

    public void setTokenStore(TokenStore tokenStore) {
        this.tokenStore = tokenStore;
    }
}
