package io.github.flinko11y.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.testsupport.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The README's main command: starts the {@link LocalStack} (the same one the end-to-end tests
 * start), prints where everything is, prints every alert Alertmanager delivers, and takes commands
 * on standard input to switch the demo job into a fault and back. Ctrl-C (or {@code quit}) stops
 * every process it started. With {@code --smoke} it checks that the stack works and stops (CI).
 */
public final class LocalDemo {
    static final long CHECKPOINT_INTERVAL_MILLIS = 10_000;
    static final int SUBSCRIBERS = 2_000;
    private static final int STEPS = 8;

    private LocalDemo() {}

    public static void main(String[] args) throws Exception {
        Path workDir = StackPaths.moduleDir().resolve("target").resolve("demo-run");
        deleteRecursively(workDir); // a fresh Prometheus database and fresh logs each run
        Files.createDirectories(workDir);
        AtomicInteger step = new AtomicInteger();
        step(step, "generating rules and routing (durations divided by " + KitRules.SPEED_UP + " for the demo)");
        KitRules rules = KitRules.withFastTimings();
        LocalStack stack = LocalStack.start(workDir, rules, line -> step(step, line), SUBSCRIBERS,
                "--checkpoint-interval-ms", String.valueOf(CHECKPOINT_INTERVAL_MILLIS));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Flink, Kafka, Prometheus, Alertmanager and the stand-ins ...");
            stack.close();
            stopped.countDown();
        }, "local-demo-shutdown"));
        AlertTransitions transitions = new AlertTransitions();
        stack.webhook().onNotification(notification -> notification.alerts().stream().filter(transitions::isNews)
                .forEach(alert -> System.out.println(describe(notification.payload.path("receiver").asText(), alert))));
        printWhereThingsAre(stack, workDir);
        if (Arrays.asList(args).contains("--smoke")) {
            smokeTest(stack);
            return;
        }
        readCommands(stack);
        System.exit(0); // runs the shutdown hook
        stopped.await();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(path);
            }
        }
    }

    private static void step(AtomicInteger step, String what) {
        System.out.printf("[%d/%d] %s ...%n", step.incrementAndGet(), STEPS, what);
    }

    private static void printWhereThingsAre(LocalStack stack, Path workDir) {
        System.out.println();
        System.out.println("The demo job '" + "telecom-fraud-detection" + "' (" + stack.job() + ") is running.");
        System.out.println("  Prometheus        " + stack.prometheus().url() + "   (try: flink_taskmanager_job_task_operator_fraudSignals)");
        System.out.println("  Alerts (Prom.)    " + stack.prometheus().url() + "/alerts");
        System.out.println("  Alertmanager      " + stack.alertmanager().url());
        System.out.println("  Flink REST API    " + stack.flink().restUrl() + "/jobs/overview");
        System.out.println("  Kafka             " + stack.kafka().bootstrapServers() + "   (topics " + LocalStack.INPUT_TOPIC
                + " at " + LocalStack.INPUT_RATE + " events/s, " + LocalStack.OUTPUT_TOPIC + ")");
        System.out.println("  JobManager metrics   http://localhost:" + stack.flink().jobManagerMetricsPort() + "/metrics");
        System.out.println("  TaskManager metrics  http://localhost:" + stack.flink().taskManagerMetricsPort() + "/metrics");
        System.out.println("  Loki stand-in     " + stack.loki().pushUrl() + "   (receives the JobManager's and TaskManager's logs)");
        System.out.println("  Process logs      " + workDir);
        System.out.println();
        System.out.println("Type a fault and Enter to break the job, 'heal' to repair everything; alerts delivered by");
        System.out.println("Alertmanager are printed here, once when they fire and once when they resolve (a restart");
        System.out.println("loop pages within about a minute):");
        for (DemoFault fault : DemoFault.values()) {
            System.out.printf("  %-19s %s%n", fault.word(), fault.description());
        }
        System.out.println("  heal | logs | quit  (Ctrl-C stops too)");
    }

    private static void readCommands(LocalStack stack) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.trim().toLowerCase(Locale.ROOT);
            if (command.isEmpty()) {
                continue;
            }
            if (command.equals("quit") || command.equals("exit")) {
                return;
            }
            if (command.equals("logs")) {
                System.out.println("Loki stand-in holds " + stack.loki().entries().size() + " log lines; last: "
                        + stack.loki().entries().stream().reduce((a, b) -> b).map(e -> e.line).orElse("none"));
                continue;
            }
            try {
                if (command.equals("heal")) {
                    stack.heal();
                    System.out.println("Healed: the job recovers and the alerts resolve.");
                } else {
                    DemoFault fault = DemoFault.parse(command);
                    stack.apply(fault);
                    System.out.println("Fault '" + fault.word() + "': " + fault.description() + ".");
                }
            } catch (IllegalArgumentException e) {
                System.out.println(e.getMessage() + ", or heal, logs, quit");
            } catch (RuntimeException e) {
                System.out.println("'" + command + "' failed: " + e.getMessage());
            }
        }
        // standard input closed (e.g. run in the background): keep running until Ctrl-C
        new CountDownLatch(1).await();
    }

    /**
     * CI's run of the README's main command: the stack is up when Prometheus has the demo job's
     * business metrics and Alertmanager has delivered the watchdog; then everything stops.
     */
    private static void smokeTest(LocalStack stack) {
        int status = 0;
        try {
            Await.atMost(Duration.ofSeconds(120)).until("the demo job's fraud detector in Prometheus", () -> !stack.prometheus()
                    .query("flink_taskmanager_job_task_operator_eventsProcessed > 0").isEmpty());
            Await.atMost(Duration.ofSeconds(120)).until("the watchdog delivered by Alertmanager", () -> stack.webhook().received()
                    .stream().anyMatch(n -> n.payload.path("receiver").asText().equals("watchdog")));
            System.out.println("Smoke test passed: metrics scraped, alerts routed, "
                    + stack.loki().entries().size() + " log lines shipped.");
        } catch (AssertionError e) {
            System.out.println("Smoke test failed: " + e.getMessage());
            status = 1;
        }
        System.exit(status); // runs the shutdown hook
    }

    static String describe(String receiver, JsonNode alert) {
        JsonNode labels = alert.path("labels");
        return String.format("ALERT %-8s %s [%s -> %s] %s%n      runbook: %s",
                alert.path("status").asText().toUpperCase(Locale.ROOT), labels.path("alertname").asText(),
                labels.path("severity").asText(), receiver, alert.path("annotations").path("description").asText(),
                alert.path("annotations").path("runbook_url").asText());
    }
}
