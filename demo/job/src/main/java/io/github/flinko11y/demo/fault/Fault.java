package io.github.flinko11y.demo.fault;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The failures the demo job can be switched into, each matching an alert of ours. */
public enum Fault {
    /** Healthy. */
    NONE,
    /** Every record makes the fraud detector throw: the job restarts over and over. */
    RESTART_LOOP,
    /** The fraud detector takes 50 ms per record: it is the bottleneck and back-pressures the source. */
    BACKPRESSURE,
    /** The fraud detector throws an error Flink does not restart from: the job ends FAILED. */
    FAIL_JOB,
    /**
     * The source reads at most {@value #LAG_RECORDS_PER_SECOND} records per second per subtask and
     * waits idle in between, as a consumer capped by a broker quota: the input outgrows the job
     * without any task being busy.
     */
    LAG;

    /** How fast a source subtask reads under {@link #LAG}. */
    public static final int LAG_RECORDS_PER_SECOND = 20;

    /** The word written into the fault file, e.g. {@code restart-loop}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a fault file's content; blank means {@link #NONE}. */
    public static Fault parse(String text) {
        String word = text.trim().toLowerCase(Locale.ROOT);
        if (word.isEmpty()) {
            return NONE;
        }
        for (Fault fault : values()) {
            if (fault.word().equals(word)) {
                return fault;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + word + "'; write one of "
                + Arrays.stream(values()).map(Fault::word).collect(Collectors.joining(", ")));
    }
}
