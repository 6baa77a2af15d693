package io.github.flinko11y.demo.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriberEventGeneratorTest {
    private final SubscriberEventGenerator generator = new SubscriberEventGenerator(2_000);

    @Test
    void sameIndexSameSubscriberKindAndAmount() {
        for (long i = 0; i < 1_000; i++) {
            SubscriberEvent a = generator.event(i);
            SubscriberEvent b = generator.event(i);
            assertThat(a.subscriberId).isEqualTo(b.subscriberId);
            assertThat(a.kind).isEqualTo(b.kind);
            assertThat(a.amountCents).isEqualTo(b.amountCents);
        }
    }

    @Test
    void mostlyCallsSomeTopUpsAFewRoamingRegistrations() {
        Map<EventKind, Integer> kinds = new EnumMap<>(EventKind.class);
        int n = 100_000;
        for (long i = 0; i < n; i++) {
            kinds.merge(generator.event(i).kind, 1, Integer::sum);
        }
        assertThat(kinds.get(EventKind.CALL)).isBetween(n * 70 / 100, n * 78 / 100);
        assertThat(kinds.get(EventKind.TOP_UP)).isBetween(n * 13 / 100, n * 18 / 100);
        assertThat(kinds.get(EventKind.ROAMING_REGISTRATION)).isBetween(n * 8 / 100, n * 12 / 100);
    }

    @Test
    void burstySubscribersOnlyTopUpAndNonPayersNeverDo() {
        for (long i = 0; i < 200_000; i++) {
            SubscriberEvent event = generator.event(i);
            int subscriber = Integer.parseInt(event.subscriberId.substring("sub-".length()));
            if (subscriber % SubscriberEventGenerator.BURSTY_ONE_IN == 0) {
                assertThat(event.kind).isEqualTo(EventKind.TOP_UP);
            } else if (subscriber % SubscriberEventGenerator.NEVER_PAYS_ONE_IN == 1) {
                assertThat(event.kind).isNotEqualTo(EventKind.TOP_UP);
            }
        }
    }
}
