package io.github.flinko11y.alerts.rules;

import java.util.Locale;

/** What an alert asks of people; Alertmanager routes on the {@code severity} label. */
public enum Severity {
    /** A human must act now: pages the on-call engineer. */
    CRITICAL,
    /** Someone must act within working hours: makes a ticket. */
    WARNING,
    /** Context for other alerts and dashboards: notifies nobody. */
    INFO;

    /** The value of the {@code severity} label. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
