package io.github.flinko11y.exporter.registry;

import io.github.flinko11y.exporter.naming.LabelSet;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * All series sharing one exported name. Everything the text format repeats for each sample (the
 * HELP and TYPE lines, the name) is encoded once here, at registration.
 */
public final class MetricFamily {

    private final String name;
    /** The name of its gauge and counter lines and of its quantile lines. */
    private final String sampleName;
    private final String help;
    private final MetricKind.FamilyType type;
    private final byte[] header;
    private final byte[] nameBytes;
    private final byte[] countNameBytes;
    private final byte[] sumNameBytes;
    /** Modern summaries: the {@code <name>_min} and {@code <name>_max} gauge families. */
    private final byte[] minHeader;
    private final byte[] minNameBytes;
    private final byte[] maxHeader;
    private final byte[] maxNameBytes;

    /** Set once the first read failure of this family was logged; later ones are only counted. */
    private volatile boolean readFailureLogged;

    /** Guarded by the owning {@link SeriesRegistry}. */
    final Map<LabelSet, Series> series = new HashMap<>();

    MetricFamily(String name, String help, MetricKind.FamilyType type) {
        this.name = name;
        this.help = help;
        this.type = type;
        // simpleclient's convention: a counter family is named without _total, its samples with
        this.sampleName = type == MetricKind.FamilyType.COUNTER ? name + "_total" : name;
        this.header = header(sampleName, help, type.text());
        this.nameBytes = utf8(sampleName);
        this.countNameBytes = utf8(countName());
        this.sumNameBytes = utf8(sumName());
        this.minHeader = header(minName(), minHelp(), MetricKind.FamilyType.GAUGE.text());
        this.minNameBytes = utf8(minName());
        this.maxHeader = header(maxName(), maxHelp(), MetricKind.FamilyType.GAUGE.text());
        this.maxNameBytes = utf8(maxName());
    }

    private static byte[] header(String name, String help, String type) {
        return utf8("# HELP " + name + ' ' + escapeHelp(help) + "\n# TYPE " + name + ' ' + type + '\n');
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The name of the family's gauge or counter lines, or of a summary's quantile lines. */
    public String sampleName() {
        return sampleName;
    }

    public String countName() {
        return name + "_count";
    }

    public String sumName() {
        return name + "_sum";
    }

    public String minName() {
        return name + "_min";
    }

    public String maxName() {
        return name + "_max";
    }

    public String minHelp() {
        return help + " (minimum of the histogram's window)";
    }

    public String maxHelp() {
        return help + " (maximum of the histogram's window)";
    }

    public byte[] sumNameBytes() {
        return sumNameBytes;
    }

    public byte[] minHeader() {
        return minHeader;
    }

    public byte[] minNameBytes() {
        return minNameBytes;
    }

    public byte[] maxHeader() {
        return maxHeader;
    }

    public byte[] maxNameBytes() {
        return maxNameBytes;
    }

    public String name() {
        return name;
    }

    public String help() {
        return help;
    }

    public MetricKind.FamilyType type() {
        return type;
    }

    /** {@code # HELP ...\n# TYPE ...\n}; callers must not modify the array. */
    public byte[] header() {
        return header;
    }

    /** The sample name of gauges and counters ({@code <name>_total}) and of quantile lines. */
    public byte[] nameBytes() {
        return nameBytes;
    }

    /** The {@code <name>_count} sample name of a summary. */
    public byte[] countNameBytes() {
        return countNameBytes;
    }

    /** True exactly once: the first time a read failure of this family should be logged. */
    public boolean firstReadFailure() {
        if (readFailureLogged) {
            return false;
        }
        readFailureLogged = true;
        return true;
    }

    /** HELP escaping of simpleclient's {@code TextFormat}: backslash and newline. */
    static String escapeHelp(String help) {
        if (help.indexOf('\\') < 0 && help.indexOf('\n') < 0) {
            return help;
        }
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
