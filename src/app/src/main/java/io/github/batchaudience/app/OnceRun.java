package io.github.batchaudience.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.batchaudience.integration.inbox.Reports;
import io.github.batchaudience.integration.inbox.RetryFilter;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run --once}: the files found in the inbox at start are waited for until each is settled
 * (its report DONE or FAILED, and moved), at most for the timeout; then the summary table, and
 * the exit code: 0 when every file is DONE.
 */
final class OnceRun {
    /** The id of the inbox folder's route in routes/folder.yaml. */
    private static final String INBOX_ROUTE = "folder-inbox";
    /** The runner's lines, under its name. */
    private static final Logger LOG = LoggerFactory.getLogger(IntegrationRunner.class);

    private final Duration timeout;
    private final PrintStream out;
    private volatile List<Path> files = List.of();
    /** The files seen settled for good, not checked again: each check of the others is not a read of all. */
    private final Set<Path> done = new HashSet<>();
    private Reports reports;
    private RetryFilter<?> retryFilter;

    OnceRun(Duration timeout, PrintStream out) {
        this.timeout = timeout;
        this.out = out;
    }

    /** Before the routes start: what the inbox holds. */
    void listInbox(Path inbox) {
        files = VisibleFiles.in(inbox);
    }

    /**
     * Once the routes started: of the files listed, those the inbox route's file consumer will
     * take, by its own rules: never its lock files (a run killed mid-file leaves
     * {@code NAME.camelLock}), nor hidden ones, and only what its include and exclude patterns let through.
     */
    void keepThoseTakenByTheInbox(CamelContext camel) {
        Route route = camel.getRoute(INBOX_ROUTE);
        if (route == null || !(route.getEndpoint() instanceof GenericFileEndpoint<?> endpoint)) {
            return;
        }
        Pattern include = endpoint.getIncludePattern();
        Pattern exclude = endpoint.getExcludePattern();
        List<Path> taken = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (!name.startsWith(".") && !name.endsWith(FileComponent.DEFAULT_LOCK_FILE_POSTFIX)
                && (include == null || include.matcher(name).matches())
                && (exclude == null || !exclude.matcher(name).matches())) {
                taken.add(file);
            }
        }
        files = taken;
    }

    /** Waits until every file is settled, or the timeout, then stops the integration. */
    void await(CamelContext camel, Runnable stop) {
        reports = new Reports(Path.of(camel.resolvePropertyPlaceholders("{{batch.reports}}")));
        retryFilter = camel.getRegistry().lookupByNameAndType("retryFilter", RetryFilter.class);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!settled()) {
                if (System.nanoTime() >= deadline) {
                    String line = "--once gave up waiting after " + timeout + " (--timeout): not every file"
                                  + " is settled; what is left is taken up again by the next run.";
                    LOG.warn(line);
                    out.println(line);
                    break;
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.error("Could not read the reports: {}", e.getMessage());
        }
        stop.run();
    }

    private boolean settled() throws IOException {
        for (Path file : files) {
            if (done.contains(file)) {
                continue;
            }
            ObjectNode report = reports.read(file.getFileName().toString());
            if (report == null || Reports.PENDING_INDEXING.equals(status(report))) {
                return false;
            }
            if (Files.exists(file)) {
                if (!isStuck(file)) {
                    return false;
                }
            } else {
                // Final report, file moved: nothing changes it any more, it is not read again.
                done.add(file);
            }
        }
        return true;
    }

    /** Settled, but its move failed: it will not be sent again, and stays where it is. */
    private boolean isStuck(Path file) {
        return retryFilter != null && retryFilter.isStuck(file.getFileName().toString());
    }

    /** Prints the summary table; returns the exit code. */
    int summarise() throws IOException {
        SummaryTable table = new SummaryTable();
        boolean allDone = true;
        for (Path file : files) {
            String name = file.getFileName().toString();
            ObjectNode report = reports == null ? null : reports.read(name);
            boolean stuck = Files.exists(file) && isStuck(file);
            table.add(name, report, stuck);
            allDone &= report != null && Reports.DONE.equals(status(report)) && !stuck;
        }
        table.print(out);
        out.println(allDone ? "All " + files.size() + " file(s) DONE." : "Not every file is DONE: exit code 1.");
        return allDone ? 0 : 1;
    }

    private static String status(ObjectNode report) {
        return report.path("status").asText();
    }
}
