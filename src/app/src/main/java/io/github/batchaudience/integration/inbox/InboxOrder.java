package io.github.batchaudience.integration.inbox;

import java.util.Comparator;

import org.apache.camel.component.file.GenericFile;

/** The inbox consumers' sorter (folder and SFTP): files in {@link InboxFileName#ORDER}. */
public class InboxOrder<T> implements Comparator<GenericFile<T>> {
    @Override
    public int compare(GenericFile<T> a, GenericFile<T> b) {
        return InboxFileName.ORDER.compare(a.getFileNameOnly(), b.getFileNameOnly());
    }
}
