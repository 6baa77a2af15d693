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
    private final String help;
    private final MetricKind.FamilyType type;
    private final byte[] header;
    private final byte[] nameBytes;
    private final byte[] countNameBytes;

    /** Set once the first read failure of this family was logged; later ones are only counted. */
    private volatile boolean readFailureLogged;

    /** Guarded by the owning {@link SeriesRegistry}. */
    final Map<LabelSet, Series> series = new HashMap<>();

    MetricFamily(String name, String help, MetricKind.FamilyType type) {
        this.name = name;
        this.help = help;
        this.type = type;
        this.header =
                ("# HELP " + name + ' ' + escapeHelp(help) + "\n# TYPE " + name + ' ' + type.text() + '\n')
                        .getBytes(StandardCharsets.UTF_8);
        this.nameBytes = name.getBytes(StandardCharsets.UTF_8);
        this.countNameBytes = (name + "_count").getBytes(StandardCharsets.UTF_8);
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
