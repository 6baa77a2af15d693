package io.github.flinko11y.demo.job;

import java.util.Objects;

/** One subscriber event. A Flink POJO: public fields and a no-argument constructor. */
public class SubscriberEvent {
    public String subscriberId;
    public EventKind kind;
    /** Top-up amount or call cost, in cents; 0 for a roaming registration. */
    public long amountCents;
    public long timestampMillis;

    public SubscriberEvent() {}

    public SubscriberEvent(String subscriberId, EventKind kind, long amountCents, long timestampMillis) {
        this.subscriberId = subscriberId;
        this.kind = kind;
        this.amountCents = amountCents;
        this.timestampMillis = timestampMillis;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof SubscriberEvent)) {
            return false;
        }
        SubscriberEvent that = (SubscriberEvent) other;
        return amountCents == that.amountCents && timestampMillis == that.timestampMillis
                && Objects.equals(subscriberId, that.subscriberId) && kind == that.kind;
    }

    @Override
    public int hashCode() {
        return Objects.hash(subscriberId, kind, amountCents, timestampMillis);
    }

    @Override
    public String toString() {
        return kind + " " + subscriberId + " " + amountCents + "c @" + timestampMillis;
    }
}
