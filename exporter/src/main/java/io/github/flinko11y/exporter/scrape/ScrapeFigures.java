package io.github.flinko11y.exporter.scrape;

/** What the scrape being prepared found, for the self-metrics served in it. */
public final class ScrapeFigures {

    private final long linesExported;
    private final long linesDropped;

    public ScrapeFigures(long linesExported, long linesDropped) {
        this.linesExported = linesExported;
        this.linesDropped = linesDropped;
    }

    /** Sample lines of Flink metrics in this scrape. */
    public long linesExported() {
        return linesExported;
    }

    /** Sample lines of Flink metrics registered but left out by the sample line cap. */
    public long linesDropped() {
        return linesDropped;
    }
}
