package io.github.flinko11y.logs.delivery;

import com.github.loki4j.client.http.HttpConfig;
import com.github.loki4j.client.http.Loki4jHttpClient;
import com.github.loki4j.client.http.LokiResponse;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;

/**
 * loki4j's HTTP client, counting the outcome of every batch: sent on 2xx, given up when loki4j will
 * not try again. loki4j's sender retries one batch at a time on one thread, so "the same buffer
 * again" means "a retry"; which failures loki4j retries, and how often, is mirrored here.
 */
final class CountingHttpClient implements Loki4jHttpClient {

    private final Loki4jHttpClient delegate;
    private final BatchLineCounts counts;
    private final DeliveryCounters counters;
    private final int maxRetries;
    private final boolean dropRateLimitedBatches;
    private ByteBuffer current;
    private int attempt;
    private volatile boolean closed;

    CountingHttpClient(Loki4jHttpClient delegate, BatchLineCounts counts, DeliveryCounters counters,
            int maxRetries, boolean dropRateLimitedBatches) {
        this.delegate = delegate;
        this.counts = counts;
        this.counters = counters;
        this.maxRetries = maxRetries;
        this.dropRateLimitedBatches = dropRateLimitedBatches;
    }

    @Override
    public HttpConfig getConfig() {
        return delegate.getConfig();
    }

    @Override
    public LokiResponse send(ByteBuffer batch) throws Exception {
        if (closed) {
            // Past the shutdown deadline: end loki4j's retry loop (this is not a retried exception).
            throw new IllegalStateException("Loki appender stopped: shutdown deadline passed");
        }
        if (batch != current) {
            current = batch;
            attempt = 0;
        } else {
            attempt++;
        }
        LokiResponse response;
        try {
            response = delegate.send(batch);
        } catch (Exception e) {
            if (isFinal(e, 0)) {
                giveUp(batch);
            }
            throw e;
        }
        if (response.status >= 200 && response.status < 300) {
            counters.sent(counts.get(batch));
            forget(batch);
        } else if (isFinal(null, response.status)) {
            giveUp(batch);
        }
        return response;
    }

    /** As loki4j decides: retried are connect errors, timeouts, 503 and 429 (unless dropped), up to maxRetries times. */
    private boolean isFinal(Exception error, int status) {
        boolean retried = error instanceof ConnectException
                || error instanceof HttpTimeoutException
                || status == 503
                || (status == 429 && !dropRateLimitedBatches);
        return !retried || attempt >= maxRetries;
    }

    private void giveUp(ByteBuffer batch) {
        counters.rejected(counts.get(batch));
        forget(batch);
    }

    private void forget(ByteBuffer batch) {
        counts.remove(batch);
        current = null;
    }

    @Override
    public void close() throws Exception {
        closed = true;
        delegate.close();
    }
}
