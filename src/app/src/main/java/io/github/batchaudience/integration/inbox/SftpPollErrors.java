package io.github.batchaudience.integration.inbox;

import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFTP consumer's failures outside a file's exchange. A poll that cannot connect gets one
 * WARN line saying why (a host key not in known_hosts, or different from it; a refused login;
 * anything else with its reason), where camel-ftp alone says only "Cannot connect/login" and
 * keeps the reason for DEBUG. Anything else (a file that could not be moved on the server) is
 * logged with its stack trace, as Camel would.
 */
public class SftpPollErrors implements ExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SftpPollErrors.class);

    private String knownHostsFile = "config/known_hosts";

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        JSchException connect = find(exception, JSchException.class);
        if (connect == null) {
            LOG.warn("{}{}", message == null ? "SFTP source" : message,
                     exchange == null ? "" : " (file " + exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY) + ")", exception);
            return;
        }
        // "Cannot connect to sftp://user@host:port": the server, without any credential.
        String server = exception.getMessage();
        LOG.warn("{}: {}. Nothing was downloaded; tried again at the next poll.", server, reason(connect));
    }

    private String reason(JSchException e) {
        if (e instanceof JSchUnknownHostKeyException) {
            return "REFUSED, its host key is not in " + knownHostsFile + " (" + e.getMessage() + "). Read it with"
                   + " ssh-keyscan -p PORT HOST, check its fingerprint (ssh-keygen -lf) with the server's owner, then"
                   + " add the line to " + knownHostsFile;
        }
        if (e instanceof JSchChangedHostKeyException) {
            return "REFUSED, its host key is not the one " + knownHostsFile + " holds for it (" + e.getMessage()
                   + "): the server's key was replaced, or someone is in between. Replace the line only once the"
                   + " server's owner has confirmed the new fingerprint";
        }
        if (e instanceof JSchHostKeyException) {
            return "REFUSED, its host key (" + e.getMessage() + ") is not accepted by " + knownHostsFile;
        }
        // JSch's "Auth fail for methods …" or "Auth cancel …" (its exception class for the latter is not public).
        if (String.valueOf(e.getMessage()).startsWith("Auth ")) {
            return "the login was refused (" + e.getMessage() + "): check BATCH_SFTP_USER and BATCH_SFTP_PASSWORD or"
                   + " BATCH_SFTP_PRIVATE_KEY_FILE (and BATCH_SFTP_PASSPHRASE)";
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return "cannot connect (" + cause + ")";
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    public String getKnownHostsFile() {
        return knownHostsFile;
    }

    /** Named in the log lines, so that the fix is plain. */
    public void setKnownHostsFile(String knownHostsFile) {
        this.knownHostsFile = knownHostsFile;
    }
}
