package io.github.flinko11y.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void returnsTheFirstValueThatIsReady() {
        AtomicInteger calls = new AtomicInteger();
        int value = Await.atMost(Duration.ofSeconds(5)).pollEvery(Duration.ofMillis(1))
                .until("the third call", calls::incrementAndGet, v -> v >= 3);
        assertThat(value).isEqualTo(3);
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void timeoutNamesWhatWasAwaitedAndTheLastValue() {
        assertThatThrownBy(() -> Await.atMost(Duration.ofMillis(50)).pollEvery(Duration.ofMillis(5))
                .until("a value above 10", () -> 7, v -> v > 10))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("timed out after 50 ms waiting for a value above 10; last value: 7");
    }

    @Test
    void latestReturnsTheLastValueWhenTimeIsUp() {
        AtomicInteger calls = new AtomicInteger();
        int last = Await.atMost(Duration.ofMillis(30)).pollEvery(Duration.ofMillis(5))
                .latest(calls::incrementAndGet, v -> false);
        assertThat(last).isEqualTo(calls.get()).isGreaterThan(1);
    }

    @Test
    void aFailingProbeFailsAtOnceUnlessExceptionsAreIgnored() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Await.atMost(Duration.ofSeconds(5)).until("a connection", () -> {
            calls.incrementAndGet();
            throw new IOException("connection refused");
        }, v -> true)).isInstanceOf(AssertionError.class).hasRootCauseMessage("connection refused");
        assertThat(calls.get()).isEqualTo(1);

        AtomicInteger attempts = new AtomicInteger();
        String answer = Await.atMost(Duration.ofSeconds(5)).pollEvery(Duration.ofMillis(1)).ignoringExceptions()
                .until("a connection", () -> {
                    if (attempts.incrementAndGet() < 3) {
                        throw new IOException("connection refused");
                    }
                    return "up";
                }, v -> true);
        assertThat(answer).isEqualTo("up");
        assertThat(attempts.get()).isEqualTo(3);
    }
}
