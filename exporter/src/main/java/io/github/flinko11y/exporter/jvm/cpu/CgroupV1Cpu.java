package io.github.flinko11y.exporter.jvm.cpu;

import java.nio.file.Path;

/** cgroup v1: the cpu, cpuacct and cpuset controllers, each in its own directory (null when not mounted). */
final class CgroupV1Cpu implements CgroupCpu {

    /** The value of cpu.shares the JDK treats as none set (and 0). */
    private static final long DEFAULT_SHARES = 1024;

    private final Path cpu;
    private final Path cpuacct;
    private final Path cpuset;

    CgroupV1Cpu(Path cpu, Path cpuacct, Path cpuset) {
        this.cpu = cpu;
        this.cpuacct = cpuacct;
        this.cpuset = cpuset;
    }

    @Override
    public long quota() {
        return KernelFiles.number(read(cpu, "cpu.cfs_quota_us"), -1);
    }

    @Override
    public long shares() {
        long shares = KernelFiles.number(read(cpu, "cpu.shares"), -1);
        return shares == 0 || shares == DEFAULT_SHARES ? -1 : shares;
    }

    @Override
    public long periods() {
        return KernelFiles.entry(read(cpu, "cpu.stat"), "nr_periods", -1);
    }

    @Override
    public long usageNanos() {
        return KernelFiles.number(read(cpuacct, "cpuacct.usage"), -1);
    }

    @Override
    public int[] cpuSet() {
        return KernelFiles.cpuList(read(cpuset, "cpuset.cpus"));
    }

    @Override
    public int[] effectiveCpuSet() {
        return KernelFiles.cpuList(read(cpuset, "cpuset.effective_cpus"));
    }

    private static String read(Path controller, String file) {
        return controller == null ? null : KernelFiles.read(controller.resolve(file));
    }
}
