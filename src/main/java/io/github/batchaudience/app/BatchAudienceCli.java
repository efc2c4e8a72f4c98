package io.github.batchaudience.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar camel-batch-audience-VERSION.jar <command>}: the runnable jar's entry point. */
@Command(name = "camel-batch-audience", mixinStandardHelpOptions = true,
         description = "Batch Custom Audience connector for Apache Camel: the emulator, and the integration.",
         subcommands = { EmulatorCommand.class })
public final class BatchAudienceCli implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new BatchAudienceCli()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
