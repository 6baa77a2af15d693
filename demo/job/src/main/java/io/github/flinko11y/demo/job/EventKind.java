package io.github.flinko11y.demo.job;

/** What a subscriber did, as a telecom operator's mediation system would report it. */
public enum EventKind {
    CALL,
    TOP_UP,
    ROAMING_REGISTRATION
}
