package io.github.flinko11y.exporter.scrape;

/** What the scrape being prepared found, for the self-metrics served in it. */
public final class ScrapeFigures {

    private final long seriesExported;
    private final long seriesDropped;

    public ScrapeFigures(long seriesExported, long seriesDropped) {
        this.seriesExported = seriesExported;
        this.seriesDropped = seriesDropped;
    }

    /** Sample lines of Flink metrics in this scrape. */
    public long seriesExported() {
        return seriesExported;
    }

    /** Series registered but left out by the series cap. */
    public long seriesDropped() {
        return seriesDropped;
    }
}
