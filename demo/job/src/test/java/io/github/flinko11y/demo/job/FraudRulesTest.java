package io.github.flinko11y.demo.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FraudRulesTest {
    private final FraudRules rules = new FraudRules(3, 60_000);
    private final FraudRules.SubscriberState state = new FraudRules.SubscriberState();

    @Test
    void thirdTopUpWithinTheWindowRaisesOneSignalAndCountingStartsAfresh() {
        assertThat(rules.apply(state, topUp(0))).isEmpty();
        assertThat(rules.apply(state, topUp(10_000))).isEmpty();
        assertThat(rules.apply(state, topUp(59_999)))
                .contains(new FraudSignal("s", FraudSignal.Rule.TOP_UP_BURST, 59_999));
        assertThat(rules.apply(state, topUp(60_000))).isEmpty();
        assertThat(state.balanceCents).isEqualTo(FraudRules.STARTING_BALANCE_CENTS + 4 * 500);
    }

    @Test
    void topUpsFurtherApartThanTheWindowAreNormal() {
        assertThat(rules.apply(state, topUp(0))).isEmpty();
        assertThat(rules.apply(state, topUp(30_000))).isEmpty();
        assertThat(rules.apply(state, topUp(60_000))).as("the first top-up has left the window").isEmpty();
        assertThat(rules.apply(state, topUp(89_999))).isPresent();
    }

    @Test
    void roamingIsSuspiciousOnlyOnceCallsHaveUsedUpTheBalance() {
        assertThat(rules.apply(state, roaming(1))).isEmpty();
        assertThat(rules.apply(state, new SubscriberEvent("s", EventKind.CALL, 700, 2))).isEmpty();
        assertThat(state.balanceCents).isEqualTo(300);
        assertThat(rules.apply(state, roaming(3))).isEmpty();
        assertThat(rules.apply(state, new SubscriberEvent("s", EventKind.CALL, 700, 4))).isEmpty();
        assertThat(state.balanceCents).as("a balance never goes below zero").isZero();
        assertThat(rules.apply(state, roaming(5)))
                .contains(new FraudSignal("s", FraudSignal.Rule.ROAMING_WITH_ZERO_BALANCE, 5));
    }

    @Test
    void aBurstOfOneWouldFlagEveryTopUpSoItIsRefused() {
        assertThatThrownBy(() -> new FraudRules(1, 1000)).hasMessageContaining("topUpBurstCount");
    }

    private static SubscriberEvent topUp(long at) {
        return new SubscriberEvent("s", EventKind.TOP_UP, 500, at);
    }

    private static SubscriberEvent roaming(long at) {
        return new SubscriberEvent("s", EventKind.ROAMING_REGISTRATION, 0, at);
    }
}
