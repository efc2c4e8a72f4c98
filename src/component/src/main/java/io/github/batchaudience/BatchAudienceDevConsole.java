package io.github.batchaudience;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.batchaudience.internal.monitoring.WriteActivity;
import org.apache.camel.Component;
import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonObject;

/**
 * Camel's developer console for this component ({@code camel.main.dev-console-enabled=true}):
 * the indexing tokens not yet seen applied, and the latest writes and syncs with their counts.
 */
@DevConsole(name = "batch-audience", displayName = "Batch Custom Audience",
            description = "Pending indexing tokens and recent writes and syncs of the batch-audience component")
public class BatchAudienceDevConsole extends AbstractDevConsole {

    public BatchAudienceDevConsole() {
        super("camel", "batch-audience", "Batch Custom Audience",
              "Pending indexing tokens and recent writes and syncs of the batch-audience component");
    }

    private WriteActivity activity() {
        Component component = getCamelContext().hasComponent("batch-audience");
        return component instanceof BatchAudienceComponent ? ((BatchAudienceComponent) component).activity()
                : new WriteActivity();
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        WriteActivity activity = activity();
        StringBuilder out = new StringBuilder();
        List<WriteActivity.PendingToken> pending = activity.pending();
        out.append("Pending indexing tokens: ").append(pending.size()).append('\n');
        for (WriteActivity.PendingToken p : pending) {
            out.append(String.format("    %s  %s %s  since %s%n", p.token(), p.operation(), p.audience(), p.since()));
        }
        out.append("\nRecent writes (newest first):\n");
        for (WriteActivity.Write w : activity.recent()) {
            BatchAudienceResult r = w.result();
            out.append(String.format("    %s  %s %s  rows %d, sent %d, rejected %d, requests %d, retries %d%s%s%n",
                                     w.at(), r.getOperation(), r.getAudience(), r.getRowsRead(), r.getIdsSent(),
                                     r.getRejected(), r.getRequests(), r.getRetries(), syncText(r),
                                     w.failure() == null ? "" : "  FAILED: " + w.failure()));
        }
        return out.toString();
    }

    private static String syncText(BatchAudienceResult r) {
        if (r.getSyncMode() == null) {
            return "";
        }
        return String.format("; sync (%s): +%d ~%d -%d =%d", r.getSyncMode(), r.getAdded(),
                             r.getChanged() == null ? 0 : r.getChanged(), r.getRemoved(),
                             r.getUnchanged() == null ? 0 : r.getUnchanged());
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        WriteActivity activity = activity();
        JsonObject root = new JsonObject();
        List<Map<String, Object>> pending = new ArrayList<>();
        for (WriteActivity.PendingToken p : activity.pending()) {
            JsonObject o = new JsonObject();
            o.put("token", p.token());
            o.put("audience", p.audience());
            o.put("operation", p.operation());
            o.put("since", p.since().toString());
            pending.add(o);
        }
        root.put("pendingTokens", pending);
        List<Map<String, Object>> recent = new ArrayList<>();
        List<Map<String, Object>> syncs = new ArrayList<>();
        for (WriteActivity.Write w : activity.recent()) {
            BatchAudienceResult r = w.result();
            JsonObject o = new JsonObject();
            o.put("at", w.at().toString());
            o.put("operation", r.getOperation());
            o.put("audience", r.getAudience());
            o.put("rowsRead", r.getRowsRead());
            o.put("idsSent", r.getIdsSent());
            o.put("rejected", r.getRejected());
            o.put("requests", r.getRequests());
            o.put("retries", r.getRetries());
            o.put("tokens", new ArrayList<>(r.getTokens()));
            if (w.failure() != null) {
                o.put("failure", w.failure());
            }
            if (r.getSyncMode() != null) {
                Map<String, Object> sync = new LinkedHashMap<>(o);
                sync.put("mode", r.getSyncMode());
                sync.put("added", r.getAdded());
                sync.put("changed", r.getChanged());
                sync.put("removed", r.getRemoved());
                sync.put("unchanged", r.getUnchanged());
                syncs.add(new JsonObject(sync));
            }
            recent.add(o);
        }
        root.put("recentWrites", recent);
        root.put("recentSyncs", syncs);
        return root;
    }
}
