package io.github.flinko11y.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of every thread of this process, JVM-internal ones (JIT compiler, GC) included, read
 * from {@code /proc/self/task}; grouped by thread name with digits removed. Gives the JIT
 * compilers' CPU (which no Java API reports), and with {@code -Dbench.threads=true} the whole
 * split by thread around the timed scrapes.
 */
final class ThreadTicks {

    private ThreadTicks() {}

    /** Clock ticks (user + system) per thread-name group. */
    static Map<String, Long> read() {
        Map<String, Long> ticks = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close).replaceAll("[0-9]+", "#");
                String[] fields = stat.substring(close + 2).split(" ");
                // fields[0] is the state (field 3); utime and stime are fields 14 and 15
                long t = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                ticks.merge(name, t, Long::sum);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/task", e);
        }
        return ticks;
    }

    /** CPU of the JIT compiler threads between two readings, in nanoseconds (10 ms ticks). */
    static long compilerNanosSince(Map<String, Long> start, Map<String, Long> end) {
        return (compilerTicks(end) - compilerTicks(start)) * 10_000_000L;
    }

    private static long compilerTicks(Map<String, Long> ticks) {
        long sum = 0;
        for (Map.Entry<String, Long> group : ticks.entrySet()) {
            if (group.getKey().contains("CompilerThre")) { // "C1 CompilerThread0", cut to 15 characters
                sum += group.getValue();
            }
        }
        return sum;
    }

    /** What each group used between two readings, in ms (ticks of 10 ms), largest first. */
    static String since(Map<String, Long> start, Map<String, Long> end, int scrapes) {
        StringBuilder out = new StringBuilder();
        end.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - start.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> out.append(String.format("%s %.2f ms/scrape; ", e.getKey(), e.getValue() * 10.0 / scrapes)));
        return out.toString();
    }
}
