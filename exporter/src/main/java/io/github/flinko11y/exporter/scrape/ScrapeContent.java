package io.github.flinko11y.exporter.scrape;

import io.github.flinko11y.exporter.ExporterStats;
import io.github.flinko11y.exporter.exposition.FamilySamplesEncoder;
import io.github.flinko11y.exporter.exposition.SampleNameFilter;
import io.github.flinko11y.exporter.exposition.SimpleclientSamples;
import io.github.flinko11y.exporter.exposition.TextFormatWriter;
import io.github.flinko11y.exporter.registry.Semantics;
import io.github.flinko11y.exporter.registry.SeriesRegistry;
import io.github.flinko11y.exporter.registry.Snapshot;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one scrape or push serves: Flink's metrics, then the extra families (JVM statistics,
 * self-metrics). The pull endpoint and the Pushgateway client both send what this prepares, so they
 * carry the same series.
 *
 * <p>Text format 0.0.4 is the default and the fast path: Flink's part comes from the byte writer
 * with an exact length. OpenMetrics 1.0 is served only when enabled and asked for; it goes through
 * simpleclient's own writer, with chunked transfer.
 */
public final class ScrapeContent {

    private static final Logger LOG = LoggerFactory.getLogger(ScrapeContent.class);

    /** The formats served. */
    public enum Format {
        TEXT_004(TextFormat.CONTENT_TYPE_004),
        OPENMETRICS_100(TextFormat.CONTENT_TYPE_OPENMETRICS_100);

        private final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        public String contentType() {
            return contentType;
        }
    }

    private final SeriesRegistry registry;
    private final ExporterStats stats;
    private final TextFormatWriter writer;
    /** Keeps the extra families' headers and label blocks encoded between scrapes. */
    private final FamilySamplesEncoder extrasEncoder = new FamilySamplesEncoder();
    private final List<ExtraFamilies> extras;
    private final Semantics semantics;
    private final boolean openMetrics;

    /** OpenMetrics is offered with the modern semantics only: drop-in output stays 0.0.4. */
    public ScrapeContent(SeriesRegistry registry, ExporterStats stats, List<ExtraFamilies> extras, Semantics semantics) {
        this.registry = registry;
        this.stats = stats;
        this.writer = new TextFormatWriter(stats, semantics);
        this.extras = Collections.unmodifiableList(new ArrayList<>(extras));
        this.semantics = semantics;
        this.openMetrics = semantics == Semantics.MODERN;
    }

    /** The format to answer a request with this {@code Accept} header (may be null). */
    public Format negotiate(String accept) {
        if (openMetrics
                && TextFormat.chooseContentType(accept).equals(TextFormat.CONTENT_TYPE_OPENMETRICS_100)) {
            return Format.OPENMETRICS_100;
        }
        return Format.TEXT_004;
    }

    /** Reads every value once and returns the body to send. */
    public ScrapeBody prepare(Format format) {
        return prepare(format, SampleNameFilter.ALL);
    }

    /**
     * As {@link #prepare(Format)} for a request with this raw query string (may be null): with
     * {@code name[]} parameters, only sample lines of those names are served, as by Flink's reporter.
     */
    public ScrapeBody prepare(Format format, String rawQuery) {
        return prepare(format, SampleNameFilter.fromQuery(rawQuery));
    }

    /** As {@link #prepare(Format)}, with only the sample lines {@code filter} asks for. */
    public ScrapeBody prepare(Format format, SampleNameFilter filter) {
        Snapshot snapshot = registry.snapshot();
        return format == Format.OPENMETRICS_100 ? openMetrics(snapshot, filter) : text004(snapshot, filter);
    }

    private ScrapeBody text004(Snapshot snapshot, SampleNameFilter filter) {
        TextFormatWriter.Prepared flink = writer.prepare(snapshot, filter);
        byte[] extra = extrasEncoder.encode(filter.apply(collectExtras(figures(snapshot, flink.lines()))));
        return new ScrapeBody() {
            @Override
            public String contentType() {
                return Format.TEXT_004.contentType();
            }

            @Override
            public long contentLength() {
                return flink.contentLength() + extra.length;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                flink.writeTo(out);
                out.write(extra);
            }
        };
    }

    private ScrapeBody openMetrics(Snapshot snapshot, SampleNameFilter filter) {
        List<MetricFamilySamples> families = filter.apply(SimpleclientSamples.collect(snapshot, stats, semantics));
        long lines = 0;
        for (MetricFamilySamples family : families) {
            lines += family.samples.size();
        }
        List<MetricFamilySamples> all = new ArrayList<>(families);
        all.addAll(filter.apply(collectExtras(figures(snapshot, lines))));
        return new ScrapeBody() {
            @Override
            public String contentType() {
                return Format.OPENMETRICS_100.contentType();
            }

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
                TextFormat.writeOpenMetrics100(text, Collections.enumeration(all));
                text.flush();
            }
        };
    }

    private static ScrapeFigures figures(Snapshot snapshot, long lines) {
        return new ScrapeFigures(lines, snapshot.droppedLines());
    }

    private List<MetricFamilySamples> collectExtras(ScrapeFigures figures) {
        if (extras.isEmpty()) {
            return Collections.emptyList();
        }
        List<MetricFamilySamples> families = new ArrayList<>();
        for (ExtraFamilies source : extras) {
            try {
                families.addAll(source.collect(figures));
            } catch (RuntimeException e) {
                stats.metricReadErrors.increment();
                LOG.debug("Extra families of {} left out of this scrape.", source, e);
            }
        }
        return families;
    }
}
