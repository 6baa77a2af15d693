package io.github.flinko11y.exporter.jvm.cpu;

/**
 * The load of the host or one CPU since the previous reading, from /proc/stat ticks: the busy
 * share (user and kernel, each clamped to 0-1) of the ticks that passed, at most 1. The JDK's
 * {@code getCpuLoad()} computes the same outside containers.
 */
final class TicksLoad {

    private Ticks previous;

    /** Starts from {@code baseline} (null: the first reading is the baseline and reads 0). */
    TicksLoad(Ticks baseline) {
        this.previous = baseline;
    }

    /** -1 when the ticks could not be read. */
    double next(Ticks now) {
        if (now == null) {
            return -1;
        }
        Ticks before = previous == null ? now : previous;
        previous = now;
        long kernel = Math.max(0, now.kernel - before.kernel);
        long used = now.used - before.used;
        long total = now.total - before.total;
        if (total == 0) {
            return 0;
        }
        if (total < used + kernel) {
            total = used + kernel;
        }
        double userLoad = clamp(used / (double) total);
        double kernelLoad = clamp(kernel / (double) total);
        return Math.min(1, userLoad + kernelLoad);
    }

    private static double clamp(double load) {
        return Math.max(0, Math.min(1, load));
    }
}
