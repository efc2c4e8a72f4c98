package io.github.batchaudience.integration.inbox;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.FileUtil;

/**
 * The SFTP source's directory ({@code batch.sftp.directory}, {@code BATCH_SFTP_DIRECTORY}) is read
 * relative to the account's login directory: camel-ftp strips every leading {@code /} of an
 * endpoint's directory (a WARN, "doesn't support absolute paths"), so {@code /srv/exports} would
 * quietly poll {@code srv/exports} under the login directory. Refused at start instead, saying how
 * to reach it.
 */
public final class SftpDirectory {
    private SftpDirectory() {
    }

    /** Called before the routes are built. */
    public static void check(CamelContext camel) {
        PropertiesComponent properties = camel.getPropertiesComponent();
        if (!Boolean.parseBoolean(properties.resolveProperty("batch.sftp.enabled").orElse("false").trim())) {
            return;
        }
        String directory = properties.resolveProperty("batch.sftp.directory").orElse("").trim();
        if (FileUtil.hasLeadingSeparator(directory)) {
            throw new IllegalArgumentException(
                    "batch.sftp.directory (BATCH_SFTP_DIRECTORY) = " + directory + " is absolute: camel-ftp reads a"
                    + " directory relative to the SFTP account's login directory only, and would read "
                    + FileUtil.stripLeadingSeparator(directory) + " under it instead. Give the directory relative to"
                    + " the login directory (from /home/crm-export, /srv/exports is ../../srv/exports), or use an"
                    + " account whose login directory holds it.");
        }
    }
}
