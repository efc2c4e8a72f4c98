package io.github.batchaudience.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * Heap use of this JVM during one step. Peak heap is the sum of the heap pools' peaks (what the
 * JVM had to hold, garbage included, so it mostly follows how far the collector lets the heap
 * fill); peak live heap is the most left after any collection, which is what the step really
 * needs.
 */
final class HeapWatch {
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final AtomicLong peakLive = new AtomicLong();

    HeapWatch() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                        .from((CompositeData) notification.getUserData());
                long live = 0;
                for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    if (isHeap(pool.getKey())) {
                        live += pool.getValue().getUsed();
                    }
                }
                peakLive.accumulateAndGet(live, Math::max);
            }, null, null);
        }
    }

    private boolean isHeap(String pool) {
        return heapPools.stream().anyMatch(p -> p.getName().equals(pool));
    }

    /** Starts a step: what earlier steps left is collected and forgotten. */
    void reset() {
        System.gc();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        peakLive.set(0);
    }

    long peak() {
        return heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    long peakLive() {
        return peakLive.get();
    }
}
