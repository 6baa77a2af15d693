package io.github.flinko11y.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.stack.DemoFault;
import io.github.flinko11y.stack.KitRules;
import io.github.flinko11y.stack.LocalStack;
import io.github.flinko11y.testsupport.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live fault matrix of docs/failure-modes.md: each fault is done for real to the local stack
 * (the demo job on a JobManager and a TaskManager JVM, Prometheus with the kit's rules, Alertmanager
 * with the kit's routing and inhibition, a webhook receiver in place of PagerDuty and Slack), and
 * each test asserts the whole set of notifications Alertmanager delivers for it, after grouping and
 * inhibition, from the fault until the stack is quiet again after healing: the one page or ticket the
 * row names, resolved, and nothing else. Durations are the catalog's divided by 20 ({@link KitRules}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class FaultMatrixTest {
    // As the demo's: on a loaded two-core machine a checkpoint can take seconds, and with a 5 s interval
    // FlinkCheckpointDurationNearInterval's margin (80 % of the job's own period) would be 4 s.
    static final long CHECKPOINT_INTERVAL_MILLIS = 10_000;

    LocalStack stack;
    KitRules rules;

    @BeforeAll
    void startStack(@TempDir Path dir) throws Exception {
        rules = KitRules.withFastTimings();
        stack = LocalStack.start(dir, rules, line -> {}, 500,
                "--checkpoint-interval-ms", String.valueOf(CHECKPOINT_INTERVAL_MILLIS));
        Await.atMost(Duration.ofSeconds(120)).until("the job's first completed checkpoint in Prometheus",
                () -> !stack.prometheus().query("flink_jobmanager_job_numberOfCompletedCheckpoints > 0").isEmpty());
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aPlannedRescaleNotifiesNobody() throws Exception {
        LiveScenario scenario = LiveScenario.begin(stack, rules);
        stack.apply(DemoFault.RESCALE);
        Await.atMost(Duration.ofSeconds(90)).until("every vertex at parallelism 1, and the rescale counted",
                () -> allVerticesAt(1) && !stack.prometheus().query("flink_jobmanager_job_numRescales > 0").isEmpty());
        stack.heal();
        Await.atMost(Duration.ofSeconds(90)).until("every vertex back at parallelism 2", () -> allVerticesAt(2));
        scenario.awaitQuietAfterHealing(Set.of());

        assertThat(scenario.notifications()).as(scenario.report()).isEmpty();
    }

    @Test
    @Order(2)
    void sustainedBackpressureTicketsTheBottleneckOnce() throws Exception {
        // Divided by 20, the watermark-lag threshold (15 s) and the checkpoint period (5 s) are within
        // the bottleneck's reach before FlinkTaskBusy's for: has passed; at the catalog's durations
        // they fire minutes after it and are held back (scenario-sustained-backpressure). Tickets only.
        assertNotifications(DemoFault.BACKPRESSURE, Set.of("ticket FlinkTaskBusy"),
                Set.of("ticket FlinkWatermarkLagGrowing", "ticket FlinkCheckpointDurationNearInterval"));
    }

    @Test
    @Order(3)
    void failingCheckpointsTicketThenPageWhenNoneCompletes() throws Exception {
        assertNotifications(DemoFault.CHECKPOINT_FAILURE,
                Set.of("ticket FlinkCheckpointsFailing", "paging FlinkCheckpointsNotCompleting"), Set.of());
    }

    @Test
    @Order(4)
    void aRestartLoopPagesOnce() throws Exception {
        // The first restart's ticket goes out when the third restart comes later than group_wait after it.
        assertNotifications(DemoFault.RESTART_LOOP, Set.of("paging FlinkJobRestartLoop"), Set.of("ticket FlinkJobRestarting"));
    }

    @Test
    @Order(5)
    void aKilledTaskManagerPagesOnceAsNoTaskManagers() throws Exception {
        // The restart's ticket goes out when the new TaskManager registers within the restart window.
        assertNotifications(DemoFault.KILL_TASKMANAGER, Set.of("paging FlinkNoTaskManagers"), Set.of("ticket FlinkJobRestarting"));
    }

    @Test
    @Order(6)
    void aCancelledJobPagesAsGone() throws Exception {
        assertNotifications(DemoFault.CANCEL_JOB, Set.of("paging FlinkJobGone"), Set.of());
    }

    @Test
    @Order(7)
    void aJobFailingTerminallyPagesAsGone() throws Exception {
        assertNotifications(DemoFault.FAIL_JOB, Set.of("paging FlinkJobGone"), Set.of());
    }

    @Test
    @Order(8)
    void inputFasterThanTheJobTicketsTheSourceLagOnce() throws Exception {
        // In records and in time: the Kafka backlog (pendingRecords) passes sourceLagRecords within
        // seconds, the event-time lag passes its divided threshold (15 s) a few seconds later; both fire
        // in Prometheus, and FlinkSourceLagGrowing holds FlinkWatermarkLagGrowing back. No task is busy:
        // the source waits between records.
        LiveScenario scenario = assertNotifications(DemoFault.LAG, Set.of("ticket FlinkSourceLagGrowing"), Set.of());
        assertThat(scenario.firedInPrometheus()).as(scenario.report())
                .contains("FlinkSourceLagGrowing", "FlinkWatermarkLagGrowing");
    }

    /**
     * Does the fault, waits until every expected notification arrived firing, heals, waits until each
     * arrived resolved and nothing fires any more, then asserts that exactly the expected notifications
     * were delivered over all that time, plus at most the {@code mayAlsoNotify} ones (tickets the
     * row allows before its page). The stack is healed also when the scenario fails.
     */
    private LiveScenario assertNotifications(DemoFault fault, Set<String> expected, Set<String> mayAlsoNotify) throws Exception {
        LiveScenario scenario = LiveScenario.begin(stack, rules);
        try {
            stack.apply(fault);
            scenario.awaitFiring(expected, Duration.ofSeconds(240));
        } finally {
            stack.heal();
        }
        scenario.awaitQuietAfterHealing(expected);

        Set<String> allowed = new TreeSet<>(expected);
        allowed.addAll(mayAlsoNotify);
        String report = scenario.report() + "\n" + scenario.timeline();
        System.out.println(fault.word() + ": " + report);
        assertThat(scenario.notifications()).as(report).containsAll(expected);
        assertThat(allowed).as(report).containsAll(scenario.notifications());
        assertThat(scenario.resolved()).as(report).containsAll(scenario.notifications());
        return scenario;
    }

    private boolean allVerticesAt(int parallelism) {
        var vertices = stack.jobParallelism();
        for (var it = vertices.elements(); it.hasNext(); ) {
            if (it.next().asInt() != parallelism) {
                return false;
            }
        }
        return vertices.size() > 0;
    }
}
