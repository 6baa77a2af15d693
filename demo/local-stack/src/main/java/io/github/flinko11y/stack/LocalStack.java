package io.github.flinko11y.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.flinko11y.logs.loki.LokiStandIn;
import io.github.flinko11y.testsupport.servers.AlertmanagerServer;
import io.github.flinko11y.testsupport.servers.PrometheusServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;

/**
 * The whole kit on one machine: the Loki stand-in, a webhook receiver standing in for pager,
 * ticket system and dead-man's switch, Alertmanager with our routing, a Kafka broker with a producer
 * feeding the demo's input topic, Prometheus with our rules scraping a Flink JobManager and
 * TaskManager (separate JVMs) that run the demo job with our reporter and log shipping. The local
 * demo and the end-to-end tests start exactly this.
 * Everything started is stopped by {@link #close()}, in reverse order, also after a failed start.
 */
public final class LocalStack implements AutoCloseable {
    public static final String NAMESPACE = "local";
    public static final String CLUSTER = "fraud-detection";
    public static final String INPUT_TOPIC = "subscriber-events";
    public static final String OUTPUT_TOPIC = "fraud-signals";
    /** Subscriber events written per second while healthy. */
    public static final int INPUT_RATE = 100;
    /** Subscriber events written per second under the {@link DemoFault#LAG} fault. */
    public static final int LAG_INPUT_RATE = 2_000;
    private static final int PARTITIONS = 2;

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Path faultFile;
    private final String[] jobOptions;
    private FlinkJobControl jobs;
    /** The job's resource requirements before a planned rescale, restored by {@link #heal()}. */
    private ObjectNode requirementsBeforeRescale;
    private LokiStandIn loki;
    private WebhookReceiver webhook;
    private AlertmanagerServer alertmanager;
    private PrometheusServer prometheus;
    private FlinkProcessCluster flink;
    private KafkaBroker kafka;
    private SubscriberEventProducer producer;
    private volatile JobID job;

    private LocalStack(Path workDir, String[] jobOptions) {
        this.faultFile = workDir.resolve("fault");
        this.jobOptions = jobOptions.clone();
    }

    /**
     * Starts every part; {@code progress} hears one line per step.
     *
     * @param rules our rules and routing, as Prometheus and Alertmanager get them
     * @param subscribers how many subscribers the producer's events are about (at least 250)
     * @param jobOptions the demo job's own options ({@code --checkpoint-interval-ms 10000 ...})
     */
    public static LocalStack start(Path workDir, KitRules rules,
            Consumer<String> progress, int subscribers, String... jobOptions) throws Exception {
        LocalStack stack = new LocalStack(workDir, jobOptions);
        try {
            progress.accept("starting the Loki stand-in");
            stack.loki = stack.keep(LokiStandIn.loki3());
            progress.accept("starting the webhook receiver");
            stack.webhook = stack.keep(WebhookReceiver.start());
            progress.accept("starting Alertmanager");
            stack.alertmanager = stack.keep(AlertmanagerServer.start(dir(workDir, "alertmanager"),
                    rules.alertmanagerConfig(stack.webhook.url(""))));
            progress.accept("starting a Kafka broker (KRaft) and the subscriber-event producer");
            stack.kafka = stack.keep(KafkaBroker.start(dir(workDir, "kafka")));
            stack.kafka.createTopic(INPUT_TOPIC, PARTITIONS);
            stack.kafka.createTopic(OUTPUT_TOPIC, 1);
            stack.producer = stack.keep(SubscriberEventProducer.start(stack.kafka.bootstrapServers(), INPUT_TOPIC,
                    subscribers, INPUT_RATE));
            progress.accept("starting a Flink JobManager and TaskManager");
            stack.flink = stack.keep(FlinkProcessCluster.start(dir(workDir, "flink"), Map.of(
                    "FLINK_O11Y_NAMESPACE", NAMESPACE,
                    "FLINK_O11Y_CLUSTER_ID", CLUSTER,
                    "FLINK_O11Y_LOKI_URL", stack.loki.pushUrl())));
            progress.accept("starting Prometheus");
            Path prometheusDir = dir(workDir, "prometheus");
            Files.writeString(prometheusDir.resolve("flink-rules.yaml"), rules.prometheusRules());
            stack.prometheus = stack.keep(PrometheusServer.start(prometheusDir,
                    PrometheusConfig.forStack(stack.flink, stack.alertmanager, rules.catalog().labels(), NAMESPACE, CLUSTER,
                            "flink-rules.yaml")));
            progress.accept("submitting the demo job");
            stack.jobs = new FlinkJobControl(stack.flink.restUrl());
            stack.job = stack.submitJob();
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private JobID submitJob() throws Exception {
        return DemoJob.submit(flink, faultFile, kafka.bootstrapServers(), INPUT_TOPIC, OUTPUT_TOPIC, jobOptions);
    }

    private <T extends AutoCloseable> T keep(T part) {
        started.push(part);
        return part;
    }

    private static Path dir(Path workDir, String name) {
        try {
            return Files.createDirectories(workDir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Does {@code fault} to the stack: switches the job's fault on, or kills, cancels, rescales. */
    public synchronized void apply(DemoFault fault) {
        switch (fault) {
            case KILL_TASKMANAGER:
                flink.killTaskManager();
                break;
            case CANCEL_JOB:
                jobs.cancel(job);
                break;
            case CHECKPOINT_FAILURE:
                flink.breakCheckpointStorage();
                break;
            case RESCALE:
                ObjectNode before = jobs.rescale(job, 1);
                if (requirementsBeforeRescale == null) {
                    requirementsBeforeRescale = before;
                }
                break;
            case LAG:
                producer.rate(LAG_INPUT_RATE);
                switchJobFault(fault.jobFault().word() + "\n");
                break;
            default:
                switchJobFault(fault.jobFault().word() + "\n");
        }
    }

    /**
     * Undoes every fault, as an operator would: the job's fault switched off, the input back at its rate, the checkpoint storage repaired, a TaskManager
     * started where none runs, a job that ended submitted again (a new job id, the same name), a rescaled job
     * back at its parallelism.
     */
    public synchronized void heal() throws Exception {
        switchJobFault(null);
        producer.rate(INPUT_RATE);
        flink.repairCheckpointStorage();
        if (!flink.taskManagerAlive()) {
            flink.startTaskManager();
        }
        String state = jobs.state(job);
        if (state.equals("FAILED") || state.equals("CANCELED") || state.equals("FINISHED")) {
            job = submitJob();
            requirementsBeforeRescale = null;
        } else if (requirementsBeforeRescale != null) {
            jobs.setRequirements(job, requirementsBeforeRescale);
            requirementsBeforeRescale = null;
        }
    }

    /** The job's status as Flink reports it (RUNNING, RESTARTING, FAILED, CANCELED, ...). */
    public String jobState() {
        return jobs.state(job);
    }

    /** The parallelism each vertex of the job runs at, by vertex name. */
    public JsonNode jobParallelism() {
        return jobs.vertexParallelisms(job);
    }

    private void switchJobFault(String word) {
        try {
            if (word == null) {
                Files.deleteIfExists(faultFile);
            } else {
                Files.writeString(faultFile, word);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public LokiStandIn loki() {
        return loki;
    }

    public WebhookReceiver webhook() {
        return webhook;
    }

    public AlertmanagerServer alertmanager() {
        return alertmanager;
    }

    public PrometheusServer prometheus() {
        return prometheus;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public SubscriberEventProducer producer() {
        return producer;
    }

    public FlinkProcessCluster flink() {
        return flink;
    }

    public JobID job() {
        return job;
    }

    public Path faultFile() {
        return faultFile;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                // keep stopping the rest
                System.err.println("stopping a part of the local stack failed: " + e);
            }
        }
    }
}
