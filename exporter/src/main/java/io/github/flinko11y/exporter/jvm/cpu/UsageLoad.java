package io.github.flinko11y.exporter.jvm.cpu;

/**
 * A container's CPU usage since the previous reading over what it could have used in that time
 * (its quota, or its share of the host), 0 to 1: the JDK's computation for a container with a CPU
 * quota or shares.
 */
final class UsageLoad {

    private long usage;
    private long total;

    /** -1 when either figure could not be read; the previous figures are then kept. */
    double next(long usage, long total) {
        if (usage < 0 || total <= 0) {
            return -1;
        }
        long used = usage - this.usage;
        long available = total - this.total;
        this.usage = usage;
        this.total = total;
        double load = used > 0 && available > 0 ? used / (double) available : 0;
        return Math.max(0, Math.min(1, load));
    }
}
