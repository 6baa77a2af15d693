package io.github.flinko11y.demo.job;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The two fraud rules of the demo, free of Flink so they can be tested directly. The state of one
 * subscriber is its balance and the times of its recent top-ups; {@link FraudDetector} keeps that
 * state in Flink's keyed state and calls {@link #apply}.
 */
public final class FraudRules implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Prepaid subscribers start with this balance, so only those who use it up can roam unpaid. */
    public static final long STARTING_BALANCE_CENTS = 1_000;

    private final int topUpBurstCount;
    private final long topUpBurstWindowMillis;

    public FraudRules(int topUpBurstCount, long topUpBurstWindowMillis) {
        if (topUpBurstCount < 2) {
            throw new IllegalArgumentException("topUpBurstCount must be at least 2, was " + topUpBurstCount);
        }
        this.topUpBurstCount = topUpBurstCount;
        this.topUpBurstWindowMillis = topUpBurstWindowMillis;
    }

    /** One subscriber's state; mutated by {@link #apply}. */
    public static final class SubscriberState {
        public long balanceCents = STARTING_BALANCE_CENTS;
        public final Deque<Long> recentTopUps = new ArrayDeque<>();
    }

    /** Updates the subscriber's state with the event and returns the signal it raises, if any. */
    public Optional<FraudSignal> apply(SubscriberState state, SubscriberEvent event) {
        switch (event.kind) {
            case TOP_UP:
                state.balanceCents += event.amountCents;
                state.recentTopUps.addLast(event.timestampMillis);
                while (!state.recentTopUps.isEmpty()
                        && state.recentTopUps.peekFirst() <= event.timestampMillis - topUpBurstWindowMillis) {
                    state.recentTopUps.removeFirst();
                }
                if (state.recentTopUps.size() >= topUpBurstCount) {
                    // one signal per burst: start counting afresh
                    state.recentTopUps.clear();
                    return Optional.of(signal(event, FraudSignal.Rule.TOP_UP_BURST));
                }
                return Optional.empty();
            case CALL:
                state.balanceCents = Math.max(0, state.balanceCents - event.amountCents);
                return Optional.empty();
            case ROAMING_REGISTRATION:
                return state.balanceCents == 0
                        ? Optional.of(signal(event, FraudSignal.Rule.ROAMING_WITH_ZERO_BALANCE))
                        : Optional.empty();
            default:
                throw new IllegalArgumentException("unknown event kind " + event.kind);
        }
    }

    private static FraudSignal signal(SubscriberEvent event, FraudSignal.Rule rule) {
        return new FraudSignal(event.subscriberId, rule, event.timestampMillis);
    }
}
