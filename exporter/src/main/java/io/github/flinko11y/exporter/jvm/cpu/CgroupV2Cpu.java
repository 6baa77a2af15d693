package io.github.flinko11y.exporter.jvm.cpu;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** cgroup v2: every controller's files in the one directory of the process's cgroup. */
final class CgroupV2Cpu implements CgroupCpu {

    /** The cpu.weight the JDK treats as none set. */
    private static final long DEFAULT_WEIGHT = 100;

    private final Path group;

    CgroupV2Cpu(Path group) {
        this.group = group;
    }

    /** cpu.max is "$MAX $PERIOD", "max" for no limit. */
    @Override
    public long quota() {
        String max = read("cpu.max");
        if (max == null) {
            return -1;
        }
        String[] fields = KernelFiles.WHITESPACE.split(max);
        if (fields.length != 2 || fields[0].equals("max")) {
            return -1;
        }
        return KernelFiles.number(fields[0], -1);
    }

    @Override
    public long shares() {
        long weight = KernelFiles.number(read("cpu.weight"), -1);
        return weight == DEFAULT_WEIGHT || weight <= 0 ? -1 : weight;
    }

    @Override
    public long periods() {
        return KernelFiles.entry(read("cpu.stat"), "nr_periods", -1);
    }

    @Override
    public long usageNanos() {
        long micros = KernelFiles.entry(read("cpu.stat"), "usage_usec", -1);
        return micros < 0 ? micros : TimeUnit.MICROSECONDS.toNanos(micros);
    }

    @Override
    public int[] cpuSet() {
        return KernelFiles.cpuList(read("cpuset.cpus"));
    }

    @Override
    public int[] effectiveCpuSet() {
        return KernelFiles.cpuList(read("cpuset.cpus.effective"));
    }

    private String read(String file) {
        return KernelFiles.read(group.resolve(file));
    }
}
