package io.github.batchaudience.bench;

/** One step of one contender in one round, as the client JVM measured it. */
record Measurement(long wallNanos, long clientCpuNanos, long peakHeapBytes, long peakHeapAfterGcBytes, long ids,
                   long emulatorCpuNanos) {

    static Measurement parse(String line) {
        String[] f = line.split(" ");
        return new Measurement(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                               Long.parseLong(f[5]), 0);
    }

    /** The line the client JVM prints; the emulator's CPU is added by the side that hosts it. */
    String toLine() {
        return "RESULT " + wallNanos + " " + clientCpuNanos + " " + peakHeapBytes + " " + peakHeapAfterGcBytes + " " + ids;
    }

    Measurement withEmulatorCpu(long nanos) {
        return new Measurement(wallNanos, clientCpuNanos, peakHeapBytes, peakHeapAfterGcBytes, ids, nanos);
    }

    double seconds() {
        return wallNanos / 1e9;
    }
}
