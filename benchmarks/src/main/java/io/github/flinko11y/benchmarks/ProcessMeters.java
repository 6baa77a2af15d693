package io.github.flinko11y.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The JVM's own accounting of CPU, allocation and heap. CPU is the process's (all threads,
 * garbage collection and JIT included) minus the calling (client) thread's; allocation is summed
 * over every live thread except the calling one.
 */
final class ProcessMeters {

    /** A reading of the counters; subtract two to get what happened in between. */
    record Reading(long processCpuNanos, long clientCpuNanos, long othersAllocatedBytes) {
        long serverCpuNanosSince(Reading start) {
            return (processCpuNanos - start.processCpuNanos) - (clientCpuNanos - start.clientCpuNanos);
        }

        long allocatedBytesSince(Reading start) {
            return othersAllocatedBytes - start.othersAllocatedBytes;
        }
    }

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    ProcessMeters() {
        threads.setThreadCpuTimeEnabled(true);
        threads.setThreadAllocatedMemoryEnabled(true);
    }

    /** Reading that opens a measured interval: the costly part first, the clocks last. */
    Reading start() {
        long others = othersAllocatedBytes();
        long processCpu = os.getProcessCpuTime();
        return new Reading(processCpu, threads.getCurrentThreadCpuTime(), others);
    }

    /** Reading that closes a measured interval: the clocks first, the costly part last. */
    Reading end() {
        long clientCpu = threads.getCurrentThreadCpuTime();
        long processCpu = os.getProcessCpuTime();
        return new Reading(processCpu, clientCpu, othersAllocatedBytes());
    }

    /** JDK 17 has no total: sum {@code getThreadAllocatedBytes} over the live threads. */
    private long othersAllocatedBytes() {
        long[] ids = threads.getAllThreadIds();
        long[] allocated = threads.getThreadAllocatedBytes(ids);
        long self = Thread.currentThread().getId();
        long sum = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != self && allocated[i] > 0) {
                sum += allocated[i];
            }
        }
        return sum;
    }

    /**
     * CPU time of every live thread whose name {@code selected} accepts, by thread id, in
     * nanoseconds (the thread clocks are precise, unlike the process clock).
     */
    Map<Long, Long> threadCpuNanos(Predicate<String> selected) {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && selected.test(info.getThreadName())) {
                long nanos = threads.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    cpu.put(info.getThreadId(), nanos);
                }
            }
        }
        return cpu;
    }

    /** CPU the selected threads used between two readings; a thread new since the first counts whole. */
    static long cpuNanosSince(Map<Long, Long> start, Map<Long, Long> end) {
        long sum = 0;
        for (Map.Entry<Long, Long> thread : end.entrySet()) {
            sum += thread.getValue() - start.getOrDefault(thread.getKey(), 0L);
        }
        return sum;
    }

    /** CPU time of the calling thread, in nanoseconds. */
    long clientCpuNanos() {
        return threads.getCurrentThreadCpuTime();
    }

    /** Bytes allocated by the calling thread so far. */
    long clientAllocatedBytes() {
        return threads.getCurrentThreadAllocatedBytes();
    }

    /** Used heap once repeated full collections stop freeing anything. */
    long usedHeapAfterGc() throws InterruptedException {
        long previous = Long.MAX_VALUE;
        long used = 0;
        for (int i = 0; i < 8; i++) {
            System.gc();
            Thread.sleep(100);
            used = memory.getHeapMemoryUsage().getUsed();
            if (i >= 2 && Math.abs(previous - used) < 256 * 1024) {
                break;
            }
            previous = used;
        }
        return used;
    }
}
