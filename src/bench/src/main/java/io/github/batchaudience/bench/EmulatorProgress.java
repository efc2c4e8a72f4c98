package io.github.batchaudience.bench;

import java.util.List;
import java.util.Map;

import io.github.batchaudience.emulator.BatchEmulator;

/** Whether the emulator has applied every event a source run sent, asked so that asking costs the run nothing. */
final class EmulatorProgress {
    private EmulatorProgress() {
    }

    /**
     * The members are counted only once every ID was received and every write applied: counting
     * them (a sorted copy of each audience) at every look would take the CPU from the run.
     */
    static boolean allApplied(BatchEmulator emulator, List<String> audiences, long events) {
        return received(emulator) >= events && emulator.pendingWrites() == 0 && applied(emulator, audiences) >= events;
    }

    static long applied(BatchEmulator emulator, List<String> audiences) {
        return audiences.stream().mapToLong(a -> emulator.members(a).size()).sum();
    }

    /** IDs the emulator took in accepted PATCH requests. */
    private static long received(BatchEmulator emulator) {
        Object patch = ((Map<?, ?>) emulator.stats().get("ids_received")).get("PATCH");
        return patch == null ? 0 : ((Number) patch).longValue();
    }
}
