package io.github.batchaudience.integration.alerts;

import java.util.ArrayList;
import java.util.List;

import io.github.batchaudience.BatchAudienceResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RejectedShareAlertTest {
    private final List<String> raised = new ArrayList<>();
    private final Alerts alerts = new Alerts() {
        @Override
        public void raise(String kind, String subject, String message) {
            raised.add(kind + " " + subject + ": " + message);
        }
    };

    private static BatchAudienceResult result(long rowsRead, long rejected) {
        BatchAudienceResult result = new BatchAudienceResult();
        result.setRowsRead(rowsRead);
        result.setRejected(rejected);
        return result;
    }

    @Test
    void onlyAShareAboveTheThresholdRaisesTheAlert() {
        RejectedShareAlert alert = new RejectedShareAlert();
        alert.setShare(0.1);

        alert.raiseIfExceeded(() -> alerts, "vip.update.csv", result(100, 10), "rows", "see vip.update.csv.rejected.csv");
        alert.raiseIfExceeded(() -> alerts, "vip.update.csv", result(0, 0), "rows", "see vip.update.csv.rejected.csv");
        assertThat(raised).isEmpty();

        alert.raiseIfExceeded(() -> alerts, "JMS events of vip", result(100, 11), "events", "they are in dlq");
        assertThat(raised).containsExactly("REJECTED_ROWS JMS events of vip: 11 of 100 events rejected; they are in dlq");
    }
}
