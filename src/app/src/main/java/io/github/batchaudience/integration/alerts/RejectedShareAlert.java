package io.github.batchaudience.integration.alerts;

import java.util.function.Supplier;

import io.github.batchaudience.BatchAudienceResult;

/**
 * The alert of an input (an inbox file, a batch of events) whose rejected rows exceed a share of
 * the rows read ({@code batch.alerts.rejected-share}): a few bad rows are the sender's business,
 * many mean that something upstream broke.
 */
public final class RejectedShareAlert {
    private double share = 0.05;

    /**
     * Raises {@link Alerts#REJECTED_ROWS} when the share is exceeded: "N of M ROWS rejected; WHERE".
     *
     * @param alerts where to raise it, asked only then
     * @param rows   what the rows are ("rows", "events")
     * @param where  where the rejected ones are to be found
     */
    public void raiseIfExceeded(Supplier<Alerts> alerts, String subject, BatchAudienceResult result, String rows,
                                String where) {
        if (result.getRowsRead() > 0 && result.getRejected() > share * result.getRowsRead()) {
            alerts.get().raise(Alerts.REJECTED_ROWS, subject, result.getRejected() + " of " + result.getRowsRead() + " " + rows
                                                              + " rejected; " + where);
        }
    }

    /** Share of rejected rows (0 to 1) beyond which the alert is raised. */
    public void setShare(double share) {
        this.share = share;
    }
}
