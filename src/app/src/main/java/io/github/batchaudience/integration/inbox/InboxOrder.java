package io.github.batchaudience.integration.inbox;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.component.file.GenericFile;

/**
 * The inbox consumers' sorter (folder and SFTP): files in {@link InboxFileName#ORDER}. A poll
 * sorts every file the inbox holds, some n log n comparisons: each name's stamp is parsed once,
 * not at every comparison.
 */
public class InboxOrder<T> implements Comparator<GenericFile<T>> {
    /** Past this many names the stamps are parsed afresh: the cache does not grow with the inbox's history. */
    private static final int CACHED = 100_000;

    private final Map<String, String> stamps = new ConcurrentHashMap<>();
    private final Comparator<String> order = InboxFileName.order(this::stamp);

    @Override
    public int compare(GenericFile<T> a, GenericFile<T> b) {
        return order.compare(a.getFileNameOnly(), b.getFileNameOnly());
    }

    private String stamp(String name) {
        if (stamps.size() > CACHED) {
            stamps.clear();
        }
        return stamps.computeIfAbsent(name, InboxFileName::stamp);
    }
}
