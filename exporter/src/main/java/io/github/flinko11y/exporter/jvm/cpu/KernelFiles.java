package io.github.flinko11y.exporter.jvm.cpu;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Reads the small text files of /proc and /sys: one open, a read or two and a close, without the
 * line-by-line machinery the JDK's container support goes through for every value.
 */
final class KernelFiles {

    /** Compiled once: {@code String.split("\\s+")} compiles it on every call, and /proc/stat is split per scrape. */
    static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private KernelFiles() {}

    /** The file's text, trimmed; null when it is missing or cannot be read. */
    static String read(Path file) {
        String text = readUntil(file, null);
        return text == null ? null : text.trim();
    }

    /**
     * The file's text up to the end of the first line that does not start with {@code prefix}
     * (the whole file when every line does, or when {@code prefix} is null); null when it cannot be
     * read. /proc/stat lists its cpu lines first, then interrupt counts that can run to megabytes.
     */
    static String readUntil(Path file, String prefix) {
        byte[] buffer = new byte[4096];
        int length = 0;
        try (InputStream in = new FileInputStream(file.toString())) {
            int scanned = 0;
            while (true) {
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
                if (prefix != null) {
                    int end = endOfFirstLineWithout(buffer, scanned, length, prefix);
                    if (end >= 0) {
                        length = end;
                        break;
                    }
                    scanned = lastLineStart(buffer, length);
                }
            }
        } catch (IOException | SecurityException e) {
            return null;
        }
        return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** Scans complete lines from {@code from}; the end of the first without the prefix, or -1. */
    private static int endOfFirstLineWithout(byte[] bytes, int from, int length, String prefix) {
        int start = from;
        for (int i = from; i < length; i++) {
            if (bytes[i] == '\n') {
                if (!startsWith(bytes, start, i, prefix)) {
                    return i;
                }
                start = i + 1;
            }
        }
        return -1;
    }

    private static int lastLineStart(byte[] bytes, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    private static boolean startsWith(byte[] bytes, int start, int end, String prefix) {
        if (end - start < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[start + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A decimal number, or {@code otherwise} when the text is null or not one. */
    static long number(String text, long otherwise) {
        if (text == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** The value of the line {@code key value} in a flat-keyed file such as cpu.stat, or {@code otherwise}. */
    static long entry(String text, String key, long otherwise) {
        if (text == null) {
            return otherwise;
        }
        for (String line : text.split("\n")) {
            int space = line.indexOf(' ');
            if (space == key.length() && line.startsWith(key)) {
                return number(line.substring(space + 1), otherwise);
            }
        }
        return otherwise;
    }

    /**
     * A cpu list such as {@code 0-3,8,10-11}, sorted; null when the text is null or empty, as the
     * JDK reads an unset cpuset.
     */
    static int[] cpuList(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int[] cpus = new int[16];
        int count = 0;
        try {
            for (String part : text.split(",")) {
                int dash = part.indexOf('-');
                int first = Integer.parseInt(part.substring(0, dash < 0 ? part.length() : dash).trim());
                int last = dash < 0 ? first : Integer.parseInt(part.substring(dash + 1).trim());
                for (int cpu = first; cpu <= last; cpu++) {
                    if (count == cpus.length) {
                        cpus = Arrays.copyOf(cpus, count * 2);
                    }
                    cpus[count++] = cpu;
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        int[] sorted = Arrays.copyOf(cpus, count);
        Arrays.sort(sorted);
        return sorted;
    }
}
