package io.github.flinko11y.exporter.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.testsupport.Await;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/** Looks things up in collected families. */
final class Families {

    private Families() {}

    static Optional<MetricFamilySamples> find(List<MetricFamilySamples> families, String name) {
        return families.stream().filter(f -> f.name.equals(name)).findFirst();
    }

    static MetricFamilySamples family(List<MetricFamilySamples> families, String name) {
        return find(families, name).orElseThrow(() -> new AssertionError("no family " + name + " in " + names(families)));
    }

    static List<String> names(List<MetricFamilySamples> families) {
        List<String> names = new ArrayList<>();
        families.forEach(f -> names.add(f.name));
        return names;
    }

    /** Samples of that sample name (e.g. {@code jvm_gc_pause_seconds_count}) in any family. */
    static List<Sample> samples(List<MetricFamilySamples> families, String sampleName) {
        List<Sample> samples = new ArrayList<>();
        for (MetricFamilySamples family : families) {
            for (Sample sample : family.samples) {
                if (sample.name.equals(sampleName)) {
                    samples.add(sample);
                }
            }
        }
        return samples;
    }

    /** The value of the label, or null. */
    static String label(Sample sample, String name) {
        int i = sample.labelNames.indexOf(name);
        return i < 0 ? null : sample.labelValues.get(i);
    }

    /** Sum over the samples of that name whose label has that value (0 when there are none). */
    static double sum(List<MetricFamilySamples> families, String sampleName, String labelName, String labelValue) {
        double sum = 0;
        for (Sample sample : samples(families, sampleName)) {
            if (labelValue.equals(label(sample, labelName))) {
                sum += sample.value;
            }
        }
        return sum;
    }

    /** How often a System.gc() paused the JVM, as far as these statistics know. */
    static double systemGcPauses(JvmStats.Handle handle) {
        return sum(handle.collect(null), "jvm_gc_pause_seconds_count", "cause", "System.gc()");
    }

    /**
     * Waits until {@code value} reaches {@code atLeast}: GC notifications arrive on a JDK thread
     * after {@code System.gc()} returns. Bounded so that a broken listener fails instead of hanging;
     * the bound is no assertion about how fast it is.
     */
    static double await(DoubleSupplier value, double atLeast, String what) {
        double current = Await.atMost(Duration.ofSeconds(60)).pollEvery(Duration.ofMillis(10))
                .latest(value::getAsDouble, v -> v >= atLeast);
        assertThat(current).as(what).isGreaterThanOrEqualTo(atLeast);
        return current;
    }

    static String text(List<MetricFamilySamples> families) {
        StringWriter out = new StringWriter();
        try {
            TextFormat.write004(out, Collections.enumeration(families));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
