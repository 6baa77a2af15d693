package io.github.flinko11y.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.stack.KitRules;
import io.github.flinko11y.stack.LocalStack;
import io.github.flinko11y.stack.WebhookReceiver.Notification;
import io.github.flinko11y.testsupport.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One run of a fault on the local stack: what Alertmanager delivered to a human (the {@code paging}
 * and {@code ticket} receivers) since it began, as {@code "receiver alertname"}, and which alerts
 * Prometheus had firing meanwhile (the difference is what inhibition held back).
 */
final class LiveScenario {
    private static final Set<String> HUMAN_RECEIVERS = Set.of("paging", "ticket");
    private static final String WATCHDOG = "FlinkWatchdog";

    private final LocalStack stack;
    private final int firstNotification;
    private final String restartLoopWindow;
    private final Instant began = Instant.now();
    private final Set<String> firedInPrometheus = new TreeSet<>();
    /** Each change of the set firing in Prometheus, with its time since the scenario began. */
    private final List<String> prometheusChanges = new ArrayList<>();
    /** The alerts firing in Prometheus at the last look (the Watchdog left out). */
    private Set<String> firingNow = Set.of();

    private LiveScenario(LocalStack stack, String restartLoopWindow) {
        this.stack = stack;
        this.firstNotification = stack.webhook().received().size();
        this.restartLoopWindow = restartLoopWindow;
    }

    /** Waits until nothing fires but the Watchdog (a previous scenario has ended), then begins. */
    static LiveScenario begin(LocalStack stack, KitRules rules) {
        Await.atMost(Duration.ofSeconds(240)).pollEvery(Duration.ofSeconds(1)).until("no alert firing before the scenario",
                () -> stack.prometheus().query("ALERTS{alertstate=\"firing\", alertname!=\"" + WATCHDOG + "\"}"),
                List::isEmpty);
        return new LiveScenario(stack, rules.catalog().thresholds().duration("restartLoopWindow"));
    }

    /** Every alert delivered firing to a human since the scenario began. */
    Set<String> notifications() {
        return delivered("firing");
    }

    /** Every alert delivered resolved to a human since the scenario began. */
    Set<String> resolved() {
        return delivered("resolved");
    }

    /** Every alert seen firing in Prometheus since the scenario began (the Watchdog left out). */
    Set<String> firedInPrometheus() {
        return Set.copyOf(firedInPrometheus);
    }

    void awaitFiring(Set<String> expected, Duration timeout) {
        Await.atMost(timeout).pollEvery(Duration.ofSeconds(1)).until("notifications " + expected + " delivered",
                this::recordFiring, report -> notifications().containsAll(expected));
    }

    /**
     * Waits until the healed stack is quiet: each expected alert delivered resolved, nothing firing in
     * Prometheus but the Watchdog, the job RUNNING, and no restart left within the restart
     * loop window (so every restart alert had its chance to fire).
     */
    void awaitQuietAfterHealing(Set<String> expected) {
        // Every delivered notification, not only the expected ones: Alertmanager sends a resolved one
        // a group_interval after the alert stops firing in Prometheus.
        Await.atMost(Duration.ofSeconds(240)).pollEvery(Duration.ofSeconds(1)).until(
                "a quiet stack after healing, " + expected + " and every other delivered notification resolved",
                this::recordFiring,
                report -> resolved().containsAll(expected) && resolved().containsAll(notifications())
                        && stack.prometheus().query("ALERTS{alertstate=\"firing\", alertname!=\"" + WATCHDOG + "\"}").isEmpty()
                        && stack.jobState().equals("RUNNING")
                        && stack.prometheus().query("sum(changes(flink_jobmanager_job_numRestarts["
                                + restartLoopWindow + "])) > 0").isEmpty());
    }

    String report() {
        return "delivered firing " + notifications() + ", resolved " + resolved() + "; firing in Prometheus meanwhile "
                + firedInPrometheus + ", at the last look " + firingNow;
    }

    /**
     * What happened when, in seconds since the scenario began: each change of the alerts firing in
     * Prometheus (as seen by the polls) and each notification delivered to a human, with the
     * {@code startsAt} Prometheus gave its alerts. Enough to tell which alert fired first when an
     * inhibition did not hold.
     */
    String timeline() {
        List<String> lines = new ArrayList<>(prometheusChanges);
        forEachDeliveredAlert((notification, receiver, alert) -> lines.add(sinceBegin(notification.receivedAt) + " "
                + receiver + " " + alert.path("status").asText() + " " + alert.path("labels").path("alertname").asText()
                + " (startsAt " + sinceBegin(Instant.parse(alert.path("startsAt").asText())) + ")"));
        lines.sort(Comparator.comparingDouble(line -> Double.parseDouble(line.substring(1, line.indexOf('s')))));
        return String.join("\n", lines);
    }

    private String sinceBegin(Instant instant) {
        return String.format(Locale.ROOT, "+%.1fs", Duration.between(began, instant).toMillis() / 1000.0);
    }

    /** Notes the alerts firing in Prometheus now; returns the report, for a timeout's message. */
    private String recordFiring() {
        Set<String> now = new TreeSet<>();
        for (Map<String, String> alert : stack.prometheus().query("ALERTS{alertstate=\"firing\"}")) {
            if (!alert.get("alertname").equals(WATCHDOG)) {
                now.add(alert.get("alertname"));
            }
        }
        firedInPrometheus.addAll(now);
        if (!now.equals(firingNow)) {
            prometheusChanges.add(sinceBegin(Instant.now()) + " Prometheus firing " + now);
        }
        firingNow = now;
        return report();
    }

    private Set<String> delivered(String status) {
        Set<String> delivered = new TreeSet<>();
        forEachDeliveredAlert((notification, receiver, alert) -> {
            if (alert.path("status").asText().equals(status)) {
                delivered.add(receiver + " " + alert.path("labels").path("alertname").asText());
            }
        });
        return delivered;
    }

    /** An alert of a notification delivered to a human receiver. */
    private interface DeliveredAlert {
        void accept(Notification notification, String receiver, JsonNode alert);
    }

    /** Every alert of every notification a human receiver got since the scenario began, in order. */
    private void forEachDeliveredAlert(DeliveredAlert action) {
        List<Notification> received = stack.webhook().received();
        for (Notification notification : received.subList(firstNotification, received.size())) {
            String receiver = notification.payload.path("receiver").asText();
            if (HUMAN_RECEIVERS.contains(receiver)) {
                for (JsonNode alert : notification.alerts()) {
                    action.accept(notification, receiver, alert);
                }
            }
        }
    }
}
