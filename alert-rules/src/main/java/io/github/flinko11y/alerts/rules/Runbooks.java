package io.github.flinko11y.alerts.rules;

import java.util.Locale;

/** The one place an alert's {@code runbook_url} is made: a section of {@code docs/runbooks.md}. */
public final class Runbooks {

    /** Where the runbook is published; the anchors are GitHub's heading anchors of that file. */
    public static final String DOCUMENT = "https://github.com/flink-o11y/flink-o11y-kit/blob/main/docs/runbooks.md";

    private Runbooks() {}

    public static String url(String alertName) {
        return DOCUMENT + "#" + anchor(alertName);
    }

    /** GitHub's anchor of a heading that is just the alert name: the name in lower case. */
    public static String anchor(String alertName) {
        return alertName.toLowerCase(Locale.ROOT);
    }
}
