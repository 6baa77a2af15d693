package io.github.flinko11y.exporter.jvm.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each branch of the JDK's container-aware load on a directory laid out like / (cgroup v1 and v2,
 * as Docker and Kubernetes mount them), and the live system's reading against the JDK's own.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SystemCpuLoadTest {

    private static final String V1_CGROUPS = "#subsys_name\thierarchy\tnum_cgroups\tenabled\n"
            + "cpuset\t2\t1\t1\ncpu\t3\t1\t1\ncpuacct\t3\t1\t1\nmemory\t4\t1\t1\npids\t5\t1\t1\n";
    private static final String V2_CGROUPS = "#subsys_name\thierarchy\tnum_cgroups\tenabled\n"
            + "cpuset\t0\t1\t1\ncpu\t0\t1\t1\ncpuacct\t0\t1\t1\nmemory\t0\t1\t1\npids\t0\t1\t1\n";
    /** A container's view under Kubernetes with cgroup v1: each mount's root is the container's cgroup. */
    private static final String V1_MOUNTS =
            "25 20 0:22 /kubepods/pod1/c1 /sys/fs/cgroup/cpu,cpuacct ro,nosuid - cgroup cgroup rw,cpu,cpuacct\n"
            + "26 20 0:23 /kubepods/pod1/c1 /sys/fs/cgroup/cpuset ro,nosuid - cgroup cgroup rw,cpuset\n"
            + "27 20 0:24 / /proc rw - proc proc rw\n";
    private static final String V1_SELF = "3:cpu,cpuacct:/kubepods/pod1/c1\n2:cpuset:/kubepods/pod1/c1\n1:name=systemd:/\n";
    private static final String V1_CPU = "sys/fs/cgroup/cpu,cpuacct/";
    private static final String V2_MOUNTS = "30 25 0:26 / /sys/fs/cgroup rw,nosuid shared:4 - cgroup2 cgroup2 rw,nsdelegate\n";

    @TempDir
    Path root;

    @Test
    void withoutCgroupsTheHostsBusyShareOfTheTicksSinceTheLastReading() throws IOException {
        stat("cpu  100 0 50 800 50 0 0 0 0 0", "cpu0 50 0 25 400 25 0 0", "cpu1 50 0 25 400 25 0 0");
        SystemCpuLoad load = new SystemCpuLoad(root, () -> 2);

        // user+nice 60, system+irq+softirq 40, of 200 ticks; steal (900) is not counted
        stat("cpu  150 10 80 900 50 5 5 900 0 0", "cpu0 75 5 40 450 25 3 2", "cpu1 75 5 40 450 25 2 3");
        assertThat(load.read()).isCloseTo(0.5, within(1e-12));
        assertThat(load.read()).as("no tick passed").isEqualTo(0);
    }

    @Test
    void aV1QuotaCountsTheCgroupsTimeAgainstItsQuotaForThePeriodsElapsed() throws IOException {
        v1();
        write(V1_CPU + "cpu.cfs_quota_us", "50000");
        write(V1_CPU + "cpu.shares", "2048");
        write(V1_CPU + "cpu.stat", "nr_periods 10\nnr_throttled 0\nthrottled_time 0\n");
        write(V1_CPU + "cpuacct.usage", "0");
        SystemCpuLoad load = new SystemCpuLoad(root, () -> 1);

        write(V1_CPU + "cpu.stat", "nr_periods 30\nnr_throttled 2\nthrottled_time 5\n");
        write(V1_CPU + "cpuacct.usage", "500000000"); // 0.5 s of the 20 periods' 1 s
        assertThat(load.read()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void v1SharesScaleTheHostsTicksToTheProcessorsAvailable() throws IOException {
        v1();
        write(V1_CPU + "cpu.cfs_quota_us", "-1");
        write(V1_CPU + "cpu.shares", "512");
        write(V1_CPU + "cpuacct.usage", "1000000000");
        stat("cpu  1000 0 0 0 0 0 0", "cpu0 250 0 0 0", "cpu1 250 0 0 0", "cpu2 250 0 0 0", "cpu3 250 0 0 0");
        SystemCpuLoad load = new SystemCpuLoad(root, () -> 1);

        // 1000 ticks = 10 s of 4 CPUs, 2.5 s of the one available; 1.25 s used
        stat("cpu  2000 0 0 0 0 0 0", "cpu0 500 0 0 0", "cpu1 500 0 0 0", "cpu2 500 0 0 0", "cpu3 500 0 0 0");
        write(V1_CPU + "cpuacct.usage", "2250000000");
        assertThat(load.read()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void v1DefaultSharesAndTheHostsCpusetReadTheHost() throws IOException {
        v1();
        write(V1_CPU + "cpu.cfs_quota_us", "-1");
        write(V1_CPU + "cpu.shares", "1024");
        write("sys/fs/cgroup/cpuset/cpuset.cpus", "0-1");
        write(V1_CPU + "cpuacct.usage", "0");
        stat("cpu  100 0 0 100 0 0 0", "cpu0 50 0 0 50", "cpu1 50 0 0 50");
        SystemCpuLoad load = new SystemCpuLoad(root, () -> 2);

        stat("cpu  130 0 0 170 0 0 0", "cpu0 80 0 0 70", "cpu1 50 0 0 100");
        assertThat(load.read()).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void aV2CpusetSmallerThanTheHostAveragesItsCpus() throws IOException {
        v2();
        write("sys/fs/cgroup/cpu.max", "max 100000");
        write("sys/fs/cgroup/cpu.weight", "100");
        write("sys/fs/cgroup/cpuset.cpus", "");
        write("sys/fs/cgroup/cpuset.cpus.effective", "1,3");
        stat("cpu  0 0 0 0 0 0 0", "cpu0 0 0 0 0", "cpu1 0 0 0 0", "cpu2 0 0 0 0", "cpu3 0 0 0 0");
        SystemCpuLoad load = new SystemCpuLoad(root, () -> 2);

        stat("cpu  0 0 0 0 0 0 0", "cpu0 100 0 0 0", "cpu1 25 0 0 75", "cpu2 0 0 0 100", "cpu3 0 75 0 25");
        assertThat(load.read()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void aV2QuotaFromCpuMax() throws IOException {
        v2();
        write("sys/fs/cgroup/cpu.max", "200000 100000");
        write("sys/fs/cgroup/cpu.stat", "usage_usec 0\nuser_usec 0\nsystem_usec 0\nnr_periods 0\n");
        SystemCpuLoad load = new SystemCpuLoad(root, () -> 2);

        write("sys/fs/cgroup/cpu.stat", "usage_usec 1000000\nuser_usec 900000\nsystem_usec 100000\nnr_periods 10\n");
        assertThat(load.read()).as("1 s used of 10 periods of 0.2 s").isCloseTo(0.5, within(1e-12));
    }

    @Test
    void cpuLinesBeyondTheFirstReadAndAMountPointWithASpace() throws IOException {
        write("proc/cgroups", V2_CGROUPS);
        write("proc/self/mountinfo", "30 25 0:26 / /sys/fs/my\\040cgroup rw - cgroup2 cgroup2 rw\n");
        write("proc/self/cgroup", "0::/pod/c1\n");
        write("sys/fs/my cgroup/pod/c1/cpuset.cpus.effective", "299");
        stat(cpus(300, 0));
        SystemCpuLoad load = new SystemCpuLoad(root, () -> 1);

        stat(cpus(300, 40)); // 300 cpu lines: about 9 KB before the interrupt counts
        assertThat(load.read()).isCloseTo(0.4, within(1e-12));
    }

    /** The host line and {@code count} CPUs, each having been busy for {@code busy} of 100 more ticks. */
    private static String[] cpus(int count, int busy) {
        String[] lines = new String[count + 1];
        lines[0] = "cpu  0 0 0 0 0 0 0";
        for (int i = 0; i < count; i++) {
            lines[i + 1] = "cpu" + i + " " + busy + " 0 0 " + (busy == 0 ? 0 : 100 - busy) + " 0 0 0 0 0 0";
        }
        return lines;
    }

    @Test
    void mixedV1AndV2ControllersReadTheHostAsTheJdkDoes() throws IOException {
        write("proc/cgroups", "#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpu\t3\t1\t1\nmemory\t0\t1\t1\n");
        write("proc/self/mountinfo", V1_MOUNTS);
        write("proc/self/cgroup", V1_SELF);
        write(V1_CPU + "cpu.cfs_quota_us", "50000");
        stat("cpu  0 0 0 0 0 0 0");
        SystemCpuLoad load = new SystemCpuLoad(root, () -> 2);

        stat("cpu  10 0 0 30 0 0 0");
        assertThat(load.read()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void unreadableFilesReadAsUnavailableNotAsAnError() throws IOException {
        v1();
        write(V1_CPU + "cpu.cfs_quota_us", "50000"); // a quota, but no cpu.stat nor cpuacct.usage
        SystemCpuLoad load = new SystemCpuLoad(root, () -> 2);

        assertThat(load.read()).isEqualTo(-1);
    }

    @Test
    @SuppressWarnings("deprecation") // getCpuLoad is JDK 14+; on those getSystemCpuLoad returns it
    void theLiveSystemReadsWhatTheJdkReadsOverTheSameInterval() throws Exception {
        SystemCpuLoad ours = SystemCpuLoad.ofThisSystem();
        com.sun.management.OperatingSystemMXBean jdk =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        assertThat(ours).isNotNull();
        ours.read();
        jdk.getSystemCpuLoad();

        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        long spins = 0;
        while (System.nanoTime() < end) {
            spins++;
        }
        double ourLoad = ours.read();
        double jdkLoad = jdk.getSystemCpuLoad();

        assertThat(spins).isPositive();
        assertThat(ourLoad).as("this thread kept a CPU busy").isGreaterThan(0);
        assertThat(ourLoad).isCloseTo(jdkLoad, within(0.1));
    }

    private void v1() throws IOException {
        write("proc/cgroups", V1_CGROUPS);
        write("proc/self/mountinfo", V1_MOUNTS);
        write("proc/self/cgroup", V1_SELF);
        stat("cpu  0 0 0 0 0 0 0", "cpu0 0 0 0 0", "cpu1 0 0 0 0");
    }

    private void v2() throws IOException {
        write("proc/cgroups", V2_CGROUPS);
        write("proc/self/mountinfo", V2_MOUNTS);
        write("proc/self/cgroup", "0::/\n");
    }

    private void stat(String... cpuLines) throws IOException {
        write("proc/stat", String.join("\n", cpuLines) + "\nintr 12345" + " 0".repeat(100_000) + "\nctxt 999\n");
    }

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
