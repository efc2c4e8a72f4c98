package io.github.batchaudience.integration.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.batchaudience.app.BatchAudienceCli;
import io.github.batchaudience.emulator.BatchEmulator;

/**
 * The command line in a JVM of its own on the test class path, as a user runs the jar: for the
 * tests that kill the integration, run several instances, or run a command that serves until its
 * process is stopped, none of which can share the test's JVM.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * {@code java -Xmx<heap>} with this JVM's temporary folder (under {@code target/}), then
     * {@code jvmArgs}, the test class path and {@link BatchAudienceCli} with {@code args}.
     */
    public static ProcessBuilder cli(String heap, List<String> jvmArgs, String... args) {
        // Surefire and failsafe hand the JVM a manifest-only jar; the real class path is in their own property.
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", classpath, BatchAudienceCli.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /**
     * Starts the integration's {@code run}: the keys in its environment, this data folder, quick
     * polls, one request at a time, and {@code jvmArgs} (more -D settings); its output goes to
     * {@code log}.
     */
    public static Process integration(BatchEmulator emulator, Path data, List<String> jvmArgs, Path log)
            throws IOException {
        return integration(emulator, data, jvmArgs, Map.of(), log);
    }

    /** As {@link #integration(BatchEmulator, Path, List, Path)}, with these variables added to its environment. */
    public static Process integration(BatchEmulator emulator, Path data, List<String> jvmArgs, Map<String, String> env,
                                      Path log) throws IOException {
        List<String> settings = new ArrayList<>(List.of(
                "-Dbatch.data=" + data, "-Dbatch.inbox.delay=100", "-Dbatch.status.period=100",
                "-Dcamel.component.batch-audience.parallel-requests=1"));
        settings.addAll(jvmArgs);
        ProcessBuilder builder = cli("256m", settings, "run").redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("BATCH_API_KEY", IntegrationHarness.API_KEY,
                                            "BATCH_REST_API_KEY", IntegrationHarness.REST_KEY,
                                            "BATCH_BASE_URL", emulator.baseUrl()));
        builder.environment().putAll(env);
        return builder.start();
    }
}
