package io.github.flinko11y.logs.delivery;

import com.github.loki4j.client.http.HttpConfig;
import com.github.loki4j.client.http.Loki4jHttpClient;
import com.github.loki4j.client.http.LokiResponse;
import java.nio.ByteBuffer;

/**
 * loki4j's HTTP client, noting whether each send attempt was delivered (2xx, as loki4j counts
 * success). Whether a failed attempt is the batch's last is left to loki4j, which reports it through
 * {@link BatchEndListener}.
 */
final class AttemptRecordingHttpClient implements Loki4jHttpClient {

    private final Loki4jHttpClient delegate;
    private final BatchOutcomes outcomes;
    private volatile boolean closed;

    AttemptRecordingHttpClient(Loki4jHttpClient delegate, BatchOutcomes outcomes) {
        this.delegate = delegate;
        this.outcomes = outcomes;
    }

    @Override
    public HttpConfig getConfig() {
        return delegate.getConfig();
    }

    @Override
    public LokiResponse send(ByteBuffer batch) throws Exception {
        if (closed) {
            // Past the shutdown deadline: an error loki4j does not retry ends its retry loop sooner.
            outcomes.attempted(batch, false);
            throw new IllegalStateException("Loki appender stopped: shutdown deadline passed");
        }
        LokiResponse response;
        try {
            response = delegate.send(batch);
        } catch (Exception e) {
            outcomes.attempted(batch, false);
            throw e;
        }
        outcomes.attempted(batch, response.status >= 200 && response.status < 300);
        return response;
    }

    @Override
    public void close() throws Exception {
        closed = true;
        delegate.close();
    }
}
