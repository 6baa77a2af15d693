package io.github.flinko11y.exporter.jvm.cpu;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The cpu lines of /proc/stat: the whole host, and each online CPU by number. */
final class ProcStat {

    /** The host's ticks, or null when /proc/stat cannot be read. */
    final Ticks host;
    private final Map<Integer, Ticks> cpus;

    private ProcStat(Ticks host, Map<Integer, Ticks> cpus) {
        this.host = host;
        this.cpus = cpus;
    }

    static ProcStat read(Path file) {
        return parse(KernelFiles.readUntil(file, "cpu"));
    }

    static ProcStat parse(String text) {
        Ticks host = null;
        Map<Integer, Ticks> cpus = new HashMap<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                if (!line.startsWith("cpu")) {
                    break;
                }
                String[] fields = KernelFiles.WHITESPACE.split(line.trim());
                if (fields[0].equals("cpu")) {
                    host = Ticks.parse(fields);
                } else {
                    try {
                        Ticks ticks = Ticks.parse(fields);
                        if (ticks != null) {
                            cpus.put(Integer.parseInt(fields[0].substring(3)), ticks);
                        }
                    } catch (NumberFormatException e) {
                        // not a cpuN line
                    }
                }
            }
        }
        return new ProcStat(host, cpus);
    }

    /** One CPU's ticks; null when it is offline or not listed. */
    Ticks cpu(int number) {
        return cpus.get(number);
    }

    /** The online CPUs: those /proc/stat lists, as sysconf(_SC_NPROCESSORS_ONLN) counts them. */
    int online() {
        return cpus.size();
    }
}
