package io.github.flinko11y.logs.delivery;

import com.github.loki4j.client.batch.BinaryBatch;
import com.github.loki4j.client.util.Loki4jLogger;

/**
 * loki4j's internal logger (its status messages go on to logback's status system unchanged), also
 * listening for the one report loki4j makes per batch when it stops sending it, delivered or given
 * up. {@code BatchOutcomeCountingTest} fails if a loki4j version stops making it.
 */
final class BatchEndListener implements Loki4jLogger {

    /**
     * Traced by loki4j 2.0's sender after the last attempt of every batch, whatever its outcome
     * (despite the wording), with the batch as the only argument.
     */
    static final String BATCH_ENDED = "Batch %s was successfully sent to Loki";

    private final Loki4jLogger delegate;
    private final BatchOutcomes outcomes;

    BatchEndListener(Loki4jLogger delegate, BatchOutcomes outcomes) {
        this.delegate = delegate;
        this.outcomes = outcomes;
    }

    @Override
    public void trace(String format, Object... args) {
        if (BATCH_ENDED.equals(format) && args.length == 1 && args[0] instanceof BinaryBatch) {
            outcomes.ended((BinaryBatch) args[0]);
        }
        delegate.trace(format, args);
    }

    @Override
    public boolean isTraceEnabled(Object source) {
        return delegate.isTraceEnabled(source);
    }

    @Override
    public void errorOrWarn(boolean error, Throwable cause, String format, Object... args) {
        delegate.errorOrWarn(error, cause, format, args);
    }

    @Override
    public void info(String format, Object... args) {
        delegate.info(format, args);
    }

    @Override
    public void warn(String format, Object... args) {
        delegate.warn(format, args);
    }

    @Override
    public void warn(Throwable error, String format, Object... args) {
        delegate.warn(error, format, args);
    }

    @Override
    public void error(String format, Object... args) {
        delegate.error(format, args);
    }

    @Override
    public void error(Throwable error, String format, Object... args) {
        delegate.error(error, format, args);
    }
}
