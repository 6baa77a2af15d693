package io.github.flinko11y.alerts.rules;

import static io.github.flinko11y.alerts.rules.Inhibition.JOB_DOWN;
import static io.github.flinko11y.alerts.rules.Inhibition.JOB_SYMPTOM;
import static io.github.flinko11y.alerts.rules.Severity.CRITICAL;
import static io.github.flinko11y.alerts.rules.Severity.INFO;
import static io.github.flinko11y.alerts.rules.Severity.WARNING;

import io.github.flinko11y.alerts.catalog.Catalog;
import io.github.flinko11y.alerts.catalog.Durations;
import java.util.List;

/**
 * The Flink alert catalog: every alert on the series our exporter serves (drop-in names, so Flink's
 * counters are gauges: {@code delta}, not {@code rate}), plus meta-monitoring. Metric names,
 * recording rules, thresholds and {@code for:} durations all come from {@code catalog/}.
 */
public final class FlinkAlerts {

    /** Prefix of every alert name. */
    public static final String PREFIX = "Flink";
    /** The always-firing alert Alertmanager routes to the dead man's switch. */
    public static final String WATCHDOG = "FlinkWatchdog";

    /** The labels one Flink job is identified by after aggregation (the shared recording rules keep them). */
    static final String JOB_KEY = "namespace, cluster, job_id, job_name";
    static final String CLUSTER_KEY = "namespace, cluster";

    private static final String CLUSTER = "{{ $labels.namespace }}/{{ $labels.cluster }}";
    private static final String JOB = "Flink job {{ $labels.job_name }} ({{ $labels.job_id }}) in " + CLUSTER;
    private static final String TASK = "Task {{ $labels.task_name }} of Flink job {{ $labels.job_name }} in " + CLUSTER;

    private final Catalog c;

    public FlinkAlerts(Catalog catalog) {
        this.c = catalog;
    }

    public List<AlertGroup> groups() {
        return List.of(jobs(), checkpoints(), throughput(), cluster(), jvm(), meta());
    }

    AlertGroup jobs() {
        String restarts = c.metric("job.numRestarts");
        return new AlertGroup("flink-jobs", List.of(
                Alert.named("FlinkJobNotRunning").severity(CRITICAL).inhibition(JOB_DOWN)
                        .expr(c.metric("job.runningTime") + " == 0")
                        .forDuration(c.forDuration("medium"))
                        .summary("A Flink job is not running.")
                        .description(JOB + " has not been RUNNING for " + c.forDuration("medium")
                                + " (JobManager pod {{ $labels.pod }}).")
                        .build(),
                Alert.named("FlinkNoRunningJobs").severity(CRITICAL)
                        .expr(c.metric("jobmanager.numRunningJobs") + " == 0")
                        .forDuration(c.forDuration("medium"))
                        .summary("A Flink cluster runs no job.")
                        .description("Flink cluster " + CLUSTER + " has had no RUNNING job for "
                                + c.forDuration("medium") + " (JobManager pod {{ $labels.pod }}).")
                        .build(),
                Alert.named("FlinkJobRestarting").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr("delta(" + restarts + "[" + c.duration("restartWindow") + "]) > 0")
                        .forDuration(c.forDuration("short"))
                        .summary("A Flink job restarted.")
                        .description(JOB + " restarted within the last " + c.duration("restartWindow")
                                + " (JobManager pod {{ $labels.pod }}).")
                        .build(),
                Alert.named("FlinkJobRestartLoop").severity(CRITICAL).inhibition(JOB_SYMPTOM)
                        .expr("delta(" + restarts + "[" + c.duration("restartLoopWindow") + "]) >= "
                                + c.number("restartLoopCount"))
                        .forDuration(c.forDuration("short"))
                        .summary("A Flink job is in a restart loop.")
                        .description(JOB + " restarted at least " + c.number("restartLoopCount")
                                + " times within " + c.duration("restartLoopWindow")
                                + " (JobManager pod {{ $labels.pod }}).")
                        .build()));
    }

    AlertGroup checkpoints() {
        long intervalMs = Durations.seconds(c.duration("checkpointInterval")) * 1000;
        String maxAge = c.duration("checkpointMaxAge");
        return new AlertGroup("flink-checkpoints", List.of(
                // More failed than completed, not "any failure": Flink fails the checkpoints it
                // triggers while a job's tasks are still starting, so every deploy has one or two.
                Alert.named("FlinkCheckpointsFailing").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr("delta(" + c.metric("job.numberOfFailedCheckpoints") + "["
                                + c.duration("checkpointFailureWindow") + "]) > delta("
                                + c.metric("job.numberOfCompletedCheckpoints") + "["
                                + c.duration("checkpointFailureWindow") + "])")
                        .forDuration(c.forDuration("short"))
                        .summary("Checkpoints of a Flink job fail.")
                        .description(JOB + " had more failed than completed checkpoints within the last "
                                + c.duration("checkpointFailureWindow") + " (JobManager pod {{ $labels.pod }}).")
                        .build(),
                // Counts rather than lastCheckpointCompletedTimestamp, which Flink 1.20 does not register.
                Alert.named("FlinkCheckpointsNotCompleting").severity(CRITICAL).inhibition(JOB_SYMPTOM)
                        .expr("max by (" + JOB_KEY + ") (changes(" + c.metric("job.numberOfCompletedCheckpoints")
                                + "[" + maxAge + "])) == 0 and on (" + JOB_KEY + ") max by (" + JOB_KEY
                                + ") (min_over_time(" + c.metric("job.totalNumberOfCheckpoints") + "[" + maxAge
                                + "])) > 0")
                        .forDuration(c.forDuration("short"))
                        .summary("A Flink job has not completed a checkpoint for too long.")
                        .description(JOB + " has checkpointing on but completed no checkpoint within the last "
                                + maxAge + ".")
                        .build(),
                Alert.named("FlinkCheckpointDurationNearInterval").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr("max by (" + JOB_KEY + ") (" + c.metric("job.lastCheckpointDuration") + ") > "
                                + c.number("checkpointDurationRatio") + " * " + intervalMs)
                        .forDuration(c.forDuration("medium"))
                        .summary("Checkpoints of a Flink job take nearly as long as the checkpoint interval.")
                        .description(JOB + " took {{ $value | printf \"%.0f\" }} ms for its last checkpoint,"
                                + " more than " + c.number("checkpointDurationRatio") + " of the "
                                + c.duration("checkpointInterval") + " interval.")
                        .build()));
    }

    AlertGroup throughput() {
        String watermarkLag = c.recorded("job_name", "operator.currentOutputWatermark", "lag_seconds");
        String sourceLag = c.recorded("job_name", "operator.pendingRecords", "sum");
        String growth = c.duration("lagGrowthWindow");
        return new AlertGroup("flink-throughput", List.of(
                Alert.named("FlinkTaskBackPressured").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr(c.recorded("job_name_task_name", "task.backPressuredTimeMsPerSecond", "max") + " > "
                                + c.number("backPressuredMsPerSecond"))
                        .forDuration(c.forDuration("long"))
                        .summary("A Flink task is back-pressured.")
                        .description(TASK + " is back-pressured {{ $value | printf \"%.0f\" }} ms per second"
                                + " in its worst subtask.")
                        .build(),
                Alert.named("FlinkTaskBusy").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr(c.recorded("job_name_task_name", "task.busyTimeMsPerSecond", "max") + " > "
                                + c.number("busyMsPerSecond"))
                        .forDuration(c.forDuration("long"))
                        .summary("A Flink task is busy nearly all the time.")
                        .description(TASK + " is busy {{ $value | printf \"%.0f\" }} ms per second"
                                + " in its worst subtask: it is the job's bottleneck.")
                        .build(),
                Alert.named("FlinkWatermarkLagGrowing").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr(watermarkLag + " > " + Durations.seconds(c.duration("watermarkLag"))
                                + " and deriv(" + watermarkLag + "[" + growth + "]) > 0")
                        .forDuration(c.forDuration("medium"))
                        .summary("The event time of a Flink job falls further behind.")
                        .description(JOB + " has its lowest output watermark {{ $value | humanizeDuration }}"
                                + " behind the wall clock, and growing.")
                        .build(),
                Alert.named("FlinkSourceLagGrowing").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr(sourceLag + " > " + c.number("sourceLagRecords")
                                + " and deriv(" + sourceLag + "[" + growth + "]) > 0")
                        .forDuration(c.forDuration("medium"))
                        .summary("The sources of a Flink job fall further behind.")
                        .description(JOB + " has {{ $value | printf \"%.0f\" }} records pending in its sources,"
                                + " and growing.")
                        .build(),
                Alert.named("FlinkNoRecordsProcessed").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr(c.recorded("job_name", "task.numRecordsInPerSecond", "sum") + " + "
                                + c.recorded("job_name", "task.numRecordsOutPerSecond", "sum") + " == 0")
                        .forDuration(c.forDuration("long"))
                        .summary("A Flink job processes no records.")
                        .description(JOB + " has neither received nor emitted a record between its tasks for "
                                + c.forDuration("long") + ".")
                        .build()));
    }

    AlertGroup cluster() {
        String taskManagers = c.metric("jobmanager.numRegisteredTaskManagers");
        return new AlertGroup("flink-cluster", List.of(
                Alert.named("FlinkTaskManagerLost").severity(WARNING)
                        .expr(taskManagers + " < max_over_time(" + taskManagers + "["
                                + c.duration("taskManagerLossWindow") + "])")
                        .forDuration(c.forDuration("short"))
                        .summary("A Flink cluster lost TaskManagers.")
                        .description("Flink cluster " + CLUSTER + " has {{ $value | printf \"%.0f\" }}"
                                + " TaskManagers registered, fewer than within the last "
                                + c.duration("taskManagerLossWindow") + " (JobManager pod {{ $labels.pod }}).")
                        .build(),
                Alert.named("FlinkNoFreeTaskSlots").severity(WARNING)
                        .expr("max by (" + CLUSTER_KEY + ") (" + c.metric("jobmanager.taskSlotsAvailable")
                                + ") == 0 and on (" + CLUSTER_KEY + ") " + c.metric("job.runningTime") + " == 0")
                        .forDuration(c.forDuration("medium"))
                        .summary("A Flink job waits for task slots and none are free.")
                        .description("Flink cluster " + CLUSTER + " has no free task slot while a job is not"
                                + " running.")
                        .build()));
    }

    AlertGroup jvm() {
        return new AlertGroup("flink-jvm", List.of(
                Alert.named("FlinkJobManagerHeapNearMax").severity(WARNING)
                        .expr(c.recorded("host", "jobmanager.heapUsed", "ratio") + " > " + c.number("heapUsedRatio"))
                        .forDuration(c.forDuration("medium"))
                        .summary("A Flink JobManager's heap is nearly full.")
                        .description("JobManager pod {{ $labels.pod }} of Flink cluster " + CLUSTER
                                + " uses {{ $value | humanizePercentage }} of its maximum heap.")
                        .build(),
                Alert.named("FlinkTaskManagerHeapNearMax").severity(WARNING)
                        .expr(c.recorded("tm_id", "taskmanager.heapUsed", "ratio") + " > "
                                + c.number("heapUsedRatio"))
                        .forDuration(c.forDuration("medium"))
                        .summary("A Flink TaskManager's heap is nearly full.")
                        .description("TaskManager {{ $labels.tm_id }} (pod {{ $labels.pod }}) of Flink cluster "
                                + CLUSTER + " uses {{ $value | humanizePercentage }} of its maximum heap.")
                        .build(),
                Alert.named("FlinkGcTimeHigh").severity(WARNING)
                        .expr(c.metric("jobmanager.gcTimeMsPerSecond") + " > " + c.number("gcTimeMsPerSecond")
                                + " or " + c.metric("taskmanager.gcTimeMsPerSecond") + " > "
                                + c.number("gcTimeMsPerSecond"))
                        .forDuration(c.forDuration("medium"))
                        .summary("A Flink process spends much of its time in garbage collection.")
                        .description("Flink pod {{ $labels.pod }} in " + CLUSTER
                                + " spends {{ $value | printf \"%.0f\" }} ms per second in garbage collection.")
                        .build(),
                Alert.named("FlinkMetaspaceNearMax").severity(WARNING)
                        // An unlimited metaspace reports max -1: the ratio is negative and never fires.
                        .expr(ratio("jobmanager.metaspaceUsed", "jobmanager.metaspaceMax") + " > "
                                + c.number("metaspaceUsedRatio") + " or "
                                + ratio("taskmanager.metaspaceUsed", "taskmanager.metaspaceMax") + " > "
                                + c.number("metaspaceUsedRatio"))
                        .forDuration(c.forDuration("medium"))
                        .summary("A Flink process's metaspace is nearly full.")
                        .description("Flink pod {{ $labels.pod }} in " + CLUSTER
                                + " uses {{ $value | humanizePercentage }} of its maximum metaspace.")
                        .build()));
    }

    AlertGroup meta() {
        String up = "up{job=\"" + c.scrapeJob() + "\"}";
        return new AlertGroup("flink-meta", List.of(
                Alert.named("FlinkTargetDown").severity(WARNING)
                        .expr(up + " == 0")
                        .forDuration(c.forDuration("short"))
                        .summary("Prometheus cannot scrape a Flink process.")
                        .description("Prometheus cannot scrape Flink pod {{ $labels.pod }} ({{ $labels.instance }})"
                                + " in " + CLUSTER + ".")
                        .build(),
                Alert.named("FlinkTargetsMissing").severity(CRITICAL)
                        .expr("absent(" + up + ")")
                        .forDuration(c.forDuration("noTargets"))
                        .summary("Prometheus scrapes no Flink process at all.")
                        .description("Prometheus has had no target in scrape job {{ $labels.job }} for "
                                + c.forDuration("noTargets") + ": no Flink alert can fire.")
                        .build(),
                Alert.named("FlinkLogLinesDropped").severity(WARNING)
                        .expr("increase(" + c.metric("logs.dropped") + "[" + c.duration("logDropWindow") + "]) > 0")
                        .forDuration(c.forDuration("short"))
                        .summary("A Flink process drops log lines instead of shipping them to Loki.")
                        .description("Flink pod {{ $labels.pod }} ({{ $labels.component }}) in " + CLUSTER
                                + " dropped log lines within the last " + c.duration("logDropWindow") + ".")
                        .build(),
                Alert.named("FlinkExporterMetricReadErrors").severity(INFO)
                        .expr("increase(" + c.metric("exporter.metricReadErrors") + "["
                                + c.duration("exporterErrorWindow") + "]) > 0")
                        .forDuration(c.forDuration("short"))
                        .summary("The metric exporter of a Flink process cannot read some metrics.")
                        .description("The exporter in Flink pod {{ $labels.pod }} ({{ $labels.component }}) in "
                                + CLUSTER + " left out metrics that threw when read within the last "
                                + c.duration("exporterErrorWindow") + ".")
                        .build(),
                Alert.named("FlinkExporterSeriesDropped").severity(INFO)
                        .expr(c.metric("exporter.seriesDropped") + " > 0")
                        .forDuration(c.forDuration("medium"))
                        .summary("The metric exporter of a Flink process leaves sample lines out at its maxSampleLines cap.")
                        .description("The exporter in Flink pod {{ $labels.pod }} ({{ $labels.component }}) in "
                                + CLUSTER + " left out {{ $value | printf \"%.0f\" }} sample lines in its last scrape.")
                        .build(),
                Alert.named(WATCHDOG).severity(INFO)
                        .expr("vector(1)")
                        .forDuration(c.forDuration("short"))
                        .summary("Always firing: proves that the alerting pipeline works.")
                        .description("This alert always fires. Alertmanager sends it to the dead man's switch;"
                                + " when that stops hearing from it, Prometheus or Alertmanager is down.")
                        .build()));
    }

    private String ratio(String usedId, String maxId) {
        return c.metric(usedId) + " / " + c.metric(maxId);
    }
}
