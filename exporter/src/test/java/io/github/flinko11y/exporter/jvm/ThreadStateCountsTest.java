package io.github.flinko11y.exporter.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ThreadStateCountsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ThreadStateCounts counts = new ThreadStateCounts();

    @Test
    void micrometersOwnBinderKeepsOurGaugesOnePerState() {
        counts.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);

        assertThat(registry.find(ThreadStateCounts.NAME).gauges()).hasSize(Thread.State.values().length);
        assertThat(registry.find(ThreadStateCounts.NAME).gauges())
                .extracting(gauge -> gauge.getId().getTag("state"))
                .containsExactlyInAnyOrder("new", "runnable", "blocked", "waiting", "timed-waiting", "terminated");
        Gauge states = registry.find(ThreadStateCounts.NAME).gauge();
        assertThat(states.getId().getDescription()).isEqualTo("The current number of threads");
        assertThat(states.getId().getBaseUnit()).isEqualTo("threads");
    }

    @Test
    void oneSnapshotServesEveryStateUntilTheNextCollect() throws InterruptedException {
        counts.bindTo(registry);
        Object monitor = new Object();
        Thread blocked = new Thread(() -> {
            synchronized (monitor) {
                // only entered once the test lets go of the monitor
            }
        }, "blocked-on-test-monitor");
        synchronized (monitor) {
            blocked.start();
            while (blocked.getState() != Thread.State.BLOCKED) {
                Thread.onSpinWait();
            }
            counts.forgetSnapshot();
            assertThat(state("blocked")).isGreaterThanOrEqualTo(1);
            assertThat(state("runnable")).as("this thread").isGreaterThanOrEqualTo(1);
        }
        double blockedInSnapshot = state("blocked");
        blocked.join();

        assertThat(state("blocked")).as("same snapshot: the thread has ended since").isEqualTo(blockedInSnapshot);
        counts.forgetSnapshot();
        assertThat(state("blocked")).as("the next collect's snapshot no longer has it")
                .isLessThanOrEqualTo(blockedInSnapshot - 1);
    }

    private double state(String state) {
        return registry.get(ThreadStateCounts.NAME).tag("state", state).gauge().value();
    }
}
