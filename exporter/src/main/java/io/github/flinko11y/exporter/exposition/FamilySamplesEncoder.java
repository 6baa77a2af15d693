package io.github.flinko11y.exporter.exposition;

import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes simpleclient families in text format 0.0.4, byte for byte as {@code TextFormat.write004},
 * for the families served beside Flink's (JVM statistics, self-metrics): the same ~80 samples every
 * scrape, of which only the values change. So each family's header and each sample's name and
 * label block are encoded once and kept; a scrape formats only the values ({@link DoubleFormat}).
 * Thread-safe: scrapes prepared at once share the kept encodings.
 */
public final class FamilySamplesEncoder {

    /** Kept encodings beyond this are dropped and built again: label values could keep changing. */
    static final int MAX_KEPT = 4096;

    private final Map<String, Header> headers = new ConcurrentHashMap<>();
    private final Map<SampleKey, byte[]> samplePrefixes = new ConcurrentHashMap<>();

    /**
     * Bytes of the last encoding: the next one starts its buffer at about that size instead of
     * growing it by a copy (the JVM statistics alone are larger than a fixed first guess).
     */
    private volatile int lastLength = 16 * 1024;

    /** The families' exposition, as {@code TextFormat.write004} writes it, in UTF-8. */
    public byte[] encode(List<MetricFamilySamples> families) {
        if (families.isEmpty()) {
            return new byte[0];
        }
        if (!onlyPlainSamples(families)) {
            return write004(families);
        }
        int expected = lastLength;
        ValueBuffer out = new ValueBuffer(0, expected + expected / 8);
        for (MetricFamilySamples family : families) {
            out.put(header(family));
            for (Sample sample : family.samples) {
                out.put(prefix(sample));
                DoubleFormat.write(out, sample.value);
                out.reserve(1);
                out.put((byte) '\n');
            }
        }
        lastLength = out.length();
        return Arrays.copyOf(out.bytes(), out.length());
    }

    /**
     * False when write004 would do more than header and sample lines: a timestamp, or the
     * OpenMetrics-only samples it moves into gauge families of their own at the end.
     */
    private static boolean onlyPlainSamples(List<MetricFamilySamples> families) {
        for (MetricFamilySamples family : families) {
            for (Sample sample : family.samples) {
                if (sample.timestampMs != null || movedByWrite004(family.name, sample.name)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code sampleName} is {@code familyName} + _created, _gcount or _gsum; checked without concatenating. */
    private static boolean movedByWrite004(String familyName, String sampleName) {
        if (!sampleName.startsWith(familyName)) {
            return false;
        }
        int at = familyName.length();
        int suffix = sampleName.length() - at;
        return (suffix == 8 && sampleName.startsWith("_created", at))
                || (suffix == 7 && sampleName.startsWith("_gcount", at))
                || (suffix == 5 && sampleName.startsWith("_gsum", at));
    }

    private byte[] header(MetricFamilySamples family) {
        Header kept = headers.get(family.name);
        if (kept != null && kept.type == family.type && kept.help.equals(family.help)) {
            return kept.bytes;
        }
        // simpleclient's own writer renders the header (type names, help escaping): identical by construction
        MetricFamilySamples empty = new MetricFamilySamples(
                family.name, family.unit, family.type, family.help, Collections.emptyList());
        Header header = new Header(family.type, family.help, write004(Collections.singletonList(empty)));
        keep(headers, family.name, header);
        return header.bytes;
    }

    private byte[] prefix(Sample sample) {
        SampleKey key = new SampleKey(sample.name, sample.labelNames, sample.labelValues);
        byte[] kept = samplePrefixes.get(key);
        if (kept == null) {
            kept = renderPrefix(sample).getBytes(StandardCharsets.UTF_8);
            // a copy of the lists: the sample's own belong to whoever built it
            keep(samplePrefixes, new SampleKey(sample.name, List.copyOf(sample.labelNames), List.copyOf(sample.labelValues)), kept);
        }
        return kept;
    }

    /** {@code name{a="x",b="y",} } up to the value, as write004 spells it (trailing comma included). */
    private static String renderPrefix(Sample sample) {
        StringBuilder text = new StringBuilder(64).append(sample.name);
        if (!sample.labelNames.isEmpty()) {
            text.append('{');
            for (int i = 0; i < sample.labelNames.size(); i++) {
                text.append(sample.labelNames.get(i)).append("=\"");
                appendEscapedLabelValue(text, sample.labelValues.get(i));
                text.append("\",");
            }
            text.append('}');
        }
        return text.append(' ').toString();
    }

    private static void appendEscapedLabelValue(StringBuilder text, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\':
                    text.append("\\\\");
                    break;
                case '"':
                    text.append("\\\"");
                    break;
                case '\n':
                    text.append("\\n");
                    break;
                default:
                    text.append(c);
            }
        }
    }

    private static <K, V> void keep(Map<K, V> map, K key, V value) {
        if (map.size() >= MAX_KEPT) {
            map.clear();
        }
        map.put(key, value);
    }

    private static byte[] write004(List<MetricFamilySamples> families) {
        TextBuffer text = new TextBuffer(16 * 1024);
        try {
            TextFormat.write004(text, Collections.enumeration(families));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return text.toUtf8();
    }

    /** Kept encodings (tests). */
    int kept() {
        return headers.size() + samplePrefixes.size();
    }

    private static final class Header {
        final Collector.Type type;
        final String help;
        final byte[] bytes;

        Header(Collector.Type type, String help, byte[] bytes) {
            this.type = type;
            this.help = help;
            this.bytes = bytes;
        }
    }

    /** What a sample line's text before the value depends on. */
    private static final class SampleKey {
        private final String name;
        private final List<String> labelNames;
        private final List<String> labelValues;
        private final int hash;

        SampleKey(String name, List<String> labelNames, List<String> labelValues) {
            this.name = name;
            this.labelNames = labelNames;
            this.labelValues = labelValues;
            this.hash = (name.hashCode() * 31 + hash(labelNames)) * 31 + hash(labelValues);
        }

        // Indexed loops: simpleclient's label lists are random-access, and a list's own hashCode
        // and equals allocate an iterator, on every sample of every scrape.
        private static int hash(List<String> strings) {
            int hash = 1;
            for (int i = 0; i < strings.size(); i++) {
                hash = 31 * hash + strings.get(i).hashCode();
            }
            return hash;
        }

        private static boolean same(List<String> a, List<String> b) {
            if (a == b) {
                return true;
            }
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i).equals(b.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof SampleKey)) {
                return false;
            }
            SampleKey that = (SampleKey) other;
            return hash == that.hash
                    && name.equals(that.name)
                    && same(labelNames, that.labelNames)
                    && same(labelValues, that.labelValues);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
