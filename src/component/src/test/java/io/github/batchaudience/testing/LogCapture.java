package io.github.batchaudience.testing;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Captures every log event (message and stack trace) of the given loggers, at DEBUG and above. */
public final class LogCapture extends AbstractAppender implements AutoCloseable {
    private final StringBuffer text = new StringBuffer();
    private final String[] loggers;

    private LogCapture(String[] loggers) {
        super("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        this.loggers = loggers;
    }

    /** Starts capturing every logger at its configured level. */
    public static LogCapture atConfiguredLevels() {
        return start(new String[0]);
    }

    /** Starts capturing; the root logger is always included at its configured level. */
    public static LogCapture start(String... debugLoggers) {
        LogCapture capture = new LogCapture(debugLoggers);
        capture.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        config.getRootLogger().addAppender(capture, Level.ALL, null);
        for (String name : debugLoggers) {
            LoggerConfig logger = new LoggerConfig(name, Level.DEBUG, true);
            config.addLogger(name, logger);
        }
        context.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        text.append(event.getLevel()).append(' ').append(event.getLoggerName()).append(": ")
                .append(event.getMessage().getFormattedMessage()).append('\n');
        if (event.getThrown() != null) {
            StringWriter trace = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(trace));
            text.append(trace);
        }
    }

    public String text() {
        return text.toString();
    }

    /** How many times the text occurs in what was captured. */
    public int count(String what) {
        String all = text();
        int n = 0;
        for (int at = all.indexOf(what); at >= 0; at = all.indexOf(what, at + what.length())) {
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        config.getRootLogger().removeAppender(getName());
        for (String name : loggers) {
            config.removeLogger(name);
        }
        context.updateLoggers();
        stop();
    }
}
