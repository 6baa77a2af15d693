package io.github.flinko11y.demo.job;

import java.util.Objects;

/** A suspicion raised about one subscriber. A Flink POJO. */
public class FraudSignal {

    /** The rule that raised a signal. */
    public enum Rule {
        /** More top-ups in a short window than a normal subscriber makes. */
        TOP_UP_BURST,
        /** Registering on a roaming network with nothing left to pay for it. */
        ROAMING_WITH_ZERO_BALANCE
    }

    public String subscriberId;
    public Rule rule;
    public long timestampMillis;

    public FraudSignal() {}

    public FraudSignal(String subscriberId, Rule rule, long timestampMillis) {
        this.subscriberId = subscriberId;
        this.rule = rule;
        this.timestampMillis = timestampMillis;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof FraudSignal)) {
            return false;
        }
        FraudSignal that = (FraudSignal) other;
        return timestampMillis == that.timestampMillis && Objects.equals(subscriberId, that.subscriberId)
                && rule == that.rule;
    }

    @Override
    public int hashCode() {
        return Objects.hash(subscriberId, rule, timestampMillis);
    }

    @Override
    public String toString() {
        return rule + " for " + subscriberId + " @" + timestampMillis;
    }
}
