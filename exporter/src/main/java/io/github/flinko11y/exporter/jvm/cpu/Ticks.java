package io.github.flinko11y.exporter.jvm.cpu;

/** One line of /proc/stat ("cpu" or "cpuN") as the JDK adds its first seven fields up. */
final class Ticks {

    /** user + nice */
    final long used;
    /** system + irq + softirq */
    final long kernel;
    /** user, nice, system, idle, iowait, irq and softirq: steal and guest time are not counted. */
    final long total;

    Ticks(long used, long kernel, long total) {
        this.used = used;
        this.kernel = kernel;
        this.total = total;
    }

    /** The fields after the line's name; null when fewer than four are numbers (the JDK needs four). */
    static Ticks parse(String[] fields) {
        long[] value = new long[7];
        int numbers = 0;
        for (int i = 1; i < fields.length && numbers < value.length; i++) {
            try {
                value[numbers] = Long.parseLong(fields[i]);
                numbers++;
            } catch (NumberFormatException e) {
                break;
            }
        }
        if (numbers < 4) {
            return null;
        }
        long used = value[0] + value[1];
        long kernel = value[2] + value[5] + value[6];
        return new Ticks(used, kernel, used + kernel + value[3] + value[4]);
    }
}
