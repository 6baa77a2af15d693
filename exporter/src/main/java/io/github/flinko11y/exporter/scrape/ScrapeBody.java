package io.github.flinko11y.exporter.scrape;

import java.io.IOException;
import java.io.OutputStream;

/** One scrape's response body, prepared (values read) and ready to be written once. */
public interface ScrapeBody {

    String contentType();

    /** Exact length in bytes, or -1 when it is only known once written. */
    long contentLength();

    void writeTo(OutputStream out) throws IOException;
}
