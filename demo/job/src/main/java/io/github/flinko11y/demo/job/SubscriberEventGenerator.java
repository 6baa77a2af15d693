package io.github.flinko11y.demo.job;

import java.io.Serializable;

/**
 * Turns a sequence number into a subscriber event: the stack's producer writes these into the
 * job's input topic. Deterministic per index (but for the time stamp, which is the moment of the call). Most subscribers call and top up now and then and
 * stay in credit; one in {@value #BURSTY_ONE_IN} tops up in bursts and one in
 * {@value #NEVER_PAYS_ONE_IN} never tops up but roams: those are what {@link FraudRules} looks for.
 */
public final class SubscriberEventGenerator implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int BURSTY_ONE_IN = 250;
    static final int NEVER_PAYS_ONE_IN = 97;

    private final int subscribers;

    public SubscriberEventGenerator(int subscribers) {
        if (subscribers < BURSTY_ONE_IN) {
            throw new IllegalArgumentException("subscribers must be at least " + BURSTY_ONE_IN + ", was " + subscribers);
        }
        this.subscribers = subscribers;
    }

    public SubscriberEvent event(long index) {
        long mixed = mix(index);
        int subscriber = (int) Long.remainderUnsigned(mixed, subscribers);
        int dice = (int) Long.remainderUnsigned(mixed >>> 32, 100);
        String id = "sub-" + subscriber;
        long now = System.currentTimeMillis();
        boolean neverPays = subscriber % NEVER_PAYS_ONE_IN == 1;
        if (subscriber % BURSTY_ONE_IN == 0 || (dice < 15 && !neverPays)) {
            return new SubscriberEvent(id, EventKind.TOP_UP, 500 + 100L * (dice % 10), now);
        }
        if (dice >= 15 && dice < 25) {
            return new SubscriberEvent(id, EventKind.ROAMING_REGISTRATION, 0, now);
        }
        return new SubscriberEvent(id, EventKind.CALL, 20 + 2L * dice, now);
    }

    /** A 64-bit finaliser (splitmix64), so consecutive indexes land on unrelated subscribers. */
    static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
