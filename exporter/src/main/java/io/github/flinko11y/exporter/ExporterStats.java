package io.github.flinko11y.exporter;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the exporter did and what went wrong without breaking anything; served as self-metrics. */
public final class ExporterStats {

    /** Gauge reads and histogram statistics that threw; that sample is left out of the scrape. */
    public final LongAdder metricReadErrors = new LongAdder();
    /** Registrations not exported: type conflict with an existing family or unknown metric type. */
    public final LongAdder rejectedRegistrations = new LongAdder();
    /** Registrations whose name and labels equal a live series (exported once that one goes). */
    public final LongAdder shadowedRegistrations = new LongAdder();
    /** Label values cut to the configured maximum length (counted once per label set built). */
    public final LongAdder truncatedLabelValues = new LongAdder();
    /** Scrapes served, and scrapes the client abandoned before the body was complete. */
    public final LongAdder scrapes = new LongAdder();
    public final LongAdder abortedScrapes = new LongAdder();
    /** Connections closed because their request did not arrive within the deadline. */
    public final LongAdder expiredRequests = new LongAdder();
    /** Wall time of the last complete scrape (reading values and writing the body). */
    public final AtomicLong lastScrapeNanos = new AtomicLong();
    /** Requests refused with 401 for missing or wrong credentials (health checks need none). */
    public final LongAdder authFailures = new LongAdder();
    /** Pushes to the Pushgateway attempted, and those of them that failed (not sent, or not 2xx). */
    public final LongAdder pushes = new LongAdder();
    public final LongAdder pushFailures = new LongAdder();
}
