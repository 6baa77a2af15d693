package io.github.flinko11y.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * {@code %o11yTruncate(pattern){maxChars}}: cuts what the inner pattern renders to at most
 * {@code maxChars} characters plus a marker naming how many were cut, so one huge message or stack
 * trace never exceeds Loki's line limit (which would reject the line).
 */
public final class TruncatingConverter extends CompositeConverter<ILoggingEvent> {

    static final String CONVERSION_WORD = "o11yTruncate";
    static final int DEFAULT_MAX_CHARS = 65536;

    private int maxChars = DEFAULT_MAX_CHARS;

    @Override
    public void start() {
        String option = getFirstOption();
        if (option != null) {
            maxChars = parseMaxChars(CONVERSION_WORD, option, this);
        }
        super.start();
    }

    /** A positive number of characters, else an error through logback's status and the default. */
    static int parseMaxChars(String conversionWord, String option, ch.qos.logback.core.spi.ContextAware reporter) {
        int chars;
        try {
            chars = Integer.parseInt(option.trim());
        } catch (NumberFormatException e) {
            chars = -1;
        }
        if (chars < 1) {
            reporter.addError("%" + conversionWord + "{" + option + "}: the maximum line length must be a positive"
                    + " number of characters; using " + DEFAULT_MAX_CHARS);
            return DEFAULT_MAX_CHARS;
        }
        return chars;
    }

    @Override
    protected String transform(ILoggingEvent event, String in) {
        return truncate(in, maxChars);
    }

    static String truncate(String in, int maxChars) {
        if (in.length() <= maxChars) { // also every line when no limit is set (Integer.MAX_VALUE)
            return in;
        }
        int keep = maxChars;
        if (Character.isHighSurrogate(in.charAt(keep - 1))) {
            keep--;
        }
        return in.substring(0, keep) + marker(in.length() - keep);
    }

    static String marker(int cutChars) {
        return "… [truncated " + cutChars + " chars]";
    }
}
