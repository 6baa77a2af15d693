package io.github.flinko11y.exporter.jvm.cpu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The "recent" CPU load of the system the JVM runs in, 0 to 1 (negative when it cannot be read):
 * what JDK 17's container-aware {@code OperatingSystemMXBean.getCpuLoad()} computes, from the same
 * files, with the same rules.
 *
 * <ul>
 *   <li>A cgroup with a CPU quota: the cgroup's CPU time over its quota for the periods elapsed.
 *   <li>With CPU shares (v1) or a weight (v2) set: its CPU time over the host's, scaled to the
 *       processors available to the JVM.
 *   <li>Neither, and a cpuset smaller than the host: the mean load of the cpuset's CPUs.
 *   <li>Otherwise, and outside containers: the host's load from /proc/stat.
 * </ul>
 *
 * <p>Why not the JDK's method: it goes through the JDK's file utilities for the five or so values
 * it reads on every call, and costs 0.1-0.3 ms per call on an idle TaskManager (the largest fixed
 * cost of a small scrape); these reads cost a fraction of that. And its state is shared by every
 * caller in the JVM, so its "recent" is the time since anyone last asked; here it is the time
 * since this object's previous reading. The cgroup's files are located once, as the JDK does.
 */
public final class SystemCpuLoad {

    /** /proc/stat counts in USER_HZ, 100 per second on every architecture Linux and the JDK support. */
    private static final long NANOS_PER_TICK = TimeUnit.SECONDS.toNanos(1) / 100;

    private final CgroupCpu cgroup;
    private final Path procStat;
    private final IntSupplier availableProcessors;
    private final TicksLoad host = new TicksLoad(null);
    private final Map<Integer, TicksLoad> cpus = new HashMap<>();
    private final UsageLoad usage = new UsageLoad();

    /**
     * {@code root}: "/" on a live system. Takes the first reading, so that the next covers the time
     * from now.
     */
    SystemCpuLoad(Path root, IntSupplier availableProcessors) {
        this.cgroup = new CgroupLocator(root).locate();
        this.procStat = root.resolve("proc/stat");
        this.availableProcessors = availableProcessors;
        read();
    }

    /** This system's load; null where there is no /proc/stat (not Linux), and the JDK's serves. */
    public static SystemCpuLoad ofThisSystem() {
        Path root = Path.of("/");
        if (!Files.isReadable(root.resolve("proc/stat"))) {
            return null;
        }
        return new SystemCpuLoad(root, Runtime.getRuntime()::availableProcessors);
    }

    /** The load since the previous reading. */
    public synchronized double read() {
        if (cgroup == null) {
            return host.next(ProcStat.read(procStat).host);
        }
        long quota = cgroup.quota();
        long shares = cgroup.shares();
        if (quota > 0) {
            long periods = cgroup.periods();
            return usage.next(cgroup.usageNanos(), TimeUnit.MICROSECONDS.toNanos(quota * periods));
        }
        ProcStat stat = ProcStat.read(procStat);
        if (shares > 0) {
            if (stat.host == null || stat.online() == 0) {
                return -1;
            }
            double share = availableProcessors.getAsInt() / (double) stat.online();
            return usage.next(cgroup.usageNanos(), (long) (stat.host.total * NANOS_PER_TICK * share));
        }
        int[] cpuSet = cgroup.cpuSet();
        if (cpuSet != null && cpuSet.length == stat.online()) {
            return host.next(stat.host);
        }
        int[] effective = cgroup.effectiveCpuSet();
        if (effective == null) {
            effective = cpuSet;
        }
        if (effective == null) {
            return host.next(stat.host); // cgroups without a CPU limit: the host's CPUs
        }
        double sum = 0;
        for (int cpu : effective) {
            double load = cpus.computeIfAbsent(cpu, c -> new TicksLoad(null)).next(stat.cpu(cpu));
            if (load < 0) {
                return -1;
            }
            sum += load;
        }
        return sum / effective.length;
    }
}
