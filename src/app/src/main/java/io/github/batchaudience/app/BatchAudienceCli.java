package io.github.batchaudience.app;

import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar camel-batch-audience-VERSION.jar <command>}: the runnable jar's entry point. */
@Command(name = "camel-batch-audience", mixinStandardHelpOptions = true,
         description = "Batch Custom Audience connector for Apache Camel: the emulator, and the integration.",
         subcommands = { RunCommand.class, EmulatorCommand.class })
public final class BatchAudienceCli implements Runnable {

    static final String LOG_CONFIG = "config/log4j2.xml";

    public static void main(String[] args) {
        // Before the first logger exists: the project's logging settings live beside its properties.
        if (System.getProperty("log4j2.configurationFile") == null && Files.isRegularFile(
                Path.of(LOG_CONFIG))) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        }
        System.exit(new CommandLine(new BatchAudienceCli()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
