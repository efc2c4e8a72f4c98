package io.github.batchaudience.internal.batching;

import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The spool's elements with duplicates resolved, one partition in memory at a time, so that a
 * caller can stop (for instance after the first request of a replace) and go on later.
 */
final class ResolvedElements implements ElementStream {
    private final OperationSpool spool;
    private final DuplicateRule rule;
    private final WriteTally tally;
    private int nextPartition;
    private Iterator<Element> current = Collections.emptyIterator();

    ResolvedElements(OperationSpool spool, DuplicateRule rule, WriteTally tally) {
        this.spool = spool;
        this.rule = rule;
        this.tally = tally;
    }

    @Override
    public Element next() throws IOException {
        while (!current.hasNext()) {
            if (nextPartition == OperationSpool.PARTITIONS) {
                return null;
            }
            List<Element> all = spool.take(nextPartition++);
            List<Element> resolved = rule.resolve(all);
            tally.duplicatesDropped(all.size() - resolved.size());
            current = resolved.iterator();
        }
        return current.next();
    }
}
