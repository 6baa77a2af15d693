package io.github.flinko11y.exporter.jvm.cpu;

/**
 * The CPU files of the process's cgroup, read afresh on every call, with the JDK's meaning of
 * each value (cgroup v1 or v2). Missing or unreadable files read as unlimited or unset.
 */
interface CgroupCpu {

    /** The CPU quota per period in microseconds; -1 when there is none. */
    long quota();

    /** Positive when CPU shares (v1) or a weight (v2) other than the default are set; else -1. */
    long shares();

    /** The number of enforcement periods that have elapsed; -1 when unknown. */
    long periods();

    /** The CPU time the cgroup has used, in nanoseconds; -1 when unknown. */
    long usageNanos();

    /** The cpuset's CPUs, sorted; null when unset. */
    int[] cpuSet();

    /** The CPUs the cpuset effectively grants, sorted; null when unset. */
    int[] effectiveCpuSet();
}
