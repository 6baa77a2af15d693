package io.github.flinko11y.logs;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;

/**
 * {@code %o11yLine} or {@code %o11yLine{maxChars}}: the Loki line of an event, the message and, on
 * the next lines of the same entry, the stack trace without a trailing newline; cut to
 * {@code maxChars} with a marker when given. One converter instead of
 * {@code %msg%replace(%n%ex){'\n$', ''}%nopex}, which ran a regular expression on every line on
 * Flink's logging threads.
 */
public final class LokiLineConverter extends ThrowableHandlingConverter {

    static final String CONVERSION_WORD = "o11yLine";

    private final ThrowableProxyConverter stackTrace = new ThrowableProxyConverter();
    private int maxChars = Integer.MAX_VALUE;

    @Override
    public void start() {
        String option = getFirstOption();
        if (option != null) {
            maxChars = TruncatingConverter.parseMaxChars(CONVERSION_WORD, option, this);
        }
        stackTrace.setContext(getContext());
        stackTrace.start();
        super.start();
    }

    @Override
    public void stop() {
        stackTrace.stop();
        super.stop();
    }

    @Override
    public String convert(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        if (message == null) {
            message = "null";
        }
        if (event.getThrowableProxy() != null) {
            String trace = stackTrace.convert(event);
            if (trace.endsWith(CoreConstants.LINE_SEPARATOR)) {
                trace = trace.substring(0, trace.length() - CoreConstants.LINE_SEPARATOR.length());
            }
            message = message + CoreConstants.LINE_SEPARATOR + trace;
        }
        return TruncatingConverter.truncate(message, maxChars);
    }
}
