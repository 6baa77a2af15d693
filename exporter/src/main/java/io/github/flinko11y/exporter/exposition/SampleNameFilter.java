package io.github.flinko11y.exporter.exposition;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code name[]} query parameters of a scrape, as Flink's reporter honours them through
 * simpleclient's HTTP server: with none, everything is served; with some, only the sample lines of
 * those names, and a family only when at least one of its lines is left.
 */
public final class SampleNameFilter {

    public static final SampleNameFilter ALL = new SampleNameFilter(Collections.emptySet());

    private static final String PARAMETER = "name[]";

    private final Set<String> names;

    private SampleNameFilter(Set<String> names) {
        this.names = names;
    }

    /** The filter of a raw (still percent-encoded) query string; {@link #ALL} for null or none. */
    public static SampleNameFilter fromQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return ALL;
        }
        Set<String> names = new HashSet<>();
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            if (equals >= 0 && decode(pair.substring(0, equals)).equals(PARAMETER)) {
                names.add(decode(pair.substring(equals + 1)));
            }
        }
        return names.isEmpty() ? ALL : new SampleNameFilter(Collections.unmodifiableSet(names));
    }

    /** Of the given sample names (tests, and callers that know the names). */
    public static SampleNameFilter of(String... names) {
        return names.length == 0 ? ALL : new SampleNameFilter(Collections.unmodifiableSet(new HashSet<>(Arrays.asList(names))));
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return part; // a broken %-escape: kept as written, so it matches no sample name
        }
    }

    /** True when nothing is filtered out. */
    public boolean includesAll() {
        return names.isEmpty();
    }

    public boolean includes(String sampleName) {
        return names.isEmpty() || names.contains(sampleName);
    }

    /** The families with only the requested samples; families left without samples are dropped. */
    public List<MetricFamilySamples> apply(List<MetricFamilySamples> families) {
        if (includesAll()) {
            return families;
        }
        List<MetricFamilySamples> kept = new ArrayList<>();
        for (MetricFamilySamples family : families) {
            List<Sample> samples = new ArrayList<>();
            for (Sample sample : family.samples) {
                if (names.contains(sample.name)) {
                    samples.add(sample);
                }
            }
            if (!samples.isEmpty()) {
                kept.add(new MetricFamilySamples(family.name, family.unit, family.type, family.help, samples));
            }
        }
        return kept;
    }
}
