package io.github.flinko11y.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU time of every thread of this process in nanoseconds, JVM-internal ones (GC, JIT) included,
 * from the scheduler's own accounting ({@code /proc/self/task/<tid>/schedstat}, first field). Unlike
 * the process clock (10 ms ticks) it is precise enough to time one scrape on its own, which is what
 * the spaced scrapes need. The calling thread, the benchmark's client, is left out.
 */
final class TaskClocks {

    private static final Path TASKS = Path.of("/proc/self/task");

    private final String self;
    private final Map<String, String> names = new HashMap<>();

    private TaskClocks(String self) {
        this.self = self;
    }

    /** Clocks that leave out the calling thread. */
    static TaskClocks forCallingThread() {
        try {
            // "/proc/thread-self" links to "<pid>/task/<tid>" of the thread that resolves it
            Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return new TaskClocks(link.getFileName().toString());
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot tell this thread's id from /proc/thread-self", e);
        }
    }

    /** Whether this kernel accounts run time per thread (schedstat), which spaced scrapes need. */
    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/schedstat"));
    }

    /** Run time so far of every other thread, by thread id. */
    Map<String, Long> read() {
        Map<String, Long> clocks = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String tid = task.getFileName().toString();
                if (tid.equals(self)) {
                    continue;
                }
                try {
                    String schedstat = Files.readString(task.resolve("schedstat"));
                    clocks.put(tid, Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))));
                } catch (IOException e) {
                    // the thread ended
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + TASKS, e);
        }
        return clocks;
    }

    /** CPU between two readings by thread name (digits removed), for {@code bench.threads}. */
    Map<String, Long> byName(Map<String, Long> start, Map<String, Long> end) {
        Map<String, Long> named = new TreeMap<>();
        for (Map.Entry<String, Long> task : end.entrySet()) {
            long used = task.getValue() - start.getOrDefault(task.getKey(), 0L);
            if (used > 0) {
                named.merge(name(task.getKey()).replaceAll("[0-9]+", "#"), used, Long::sum);
            }
        }
        return named;
    }

    /** The kernel's name of a thread (its first 15 characters), read once per thread. */
    String name(String tid) {
        return names.computeIfAbsent(tid, id -> {
            try {
                return Files.readString(TASKS.resolve(id).resolve("comm")).trim();
            } catch (IOException e) {
                return "(ended)";
            }
        });
    }
}
