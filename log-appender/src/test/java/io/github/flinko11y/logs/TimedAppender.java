package io.github.flinko11y.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * Benchmark aid: attached in place of an appender, it passes every event on and keeps how long the
 * wrapped appender's {@code doAppend} took the logging thread, apart from what logback itself spends
 * on the call before it reaches any appender.
 */
final class TimedAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private final Appender<ILoggingEvent> wrapped;
    private long lastNanos;

    TimedAppender(Appender<ILoggingEvent> wrapped) {
        this.wrapped = wrapped;
        setName("timed-" + wrapped.getName());
        setContext(wrapped.getContext());
    }

    @Override
    public void doAppend(ILoggingEvent event) {
        long start = System.nanoTime();
        wrapped.doAppend(event);
        lastNanos = System.nanoTime() - start;
    }

    @Override
    public void stop() {
        wrapped.stop();
        super.stop();
    }

    @Override
    protected void append(ILoggingEvent event) {
        throw new UnsupportedOperationException("doAppend passes events straight on");
    }

    /** Time the last event spent in the wrapped appender, on the calling thread. */
    long lastNanos() {
        return lastNanos;
    }
}
