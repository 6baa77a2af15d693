package io.github.flinko11y.alerts.rules;

import static io.github.flinko11y.alerts.rules.Inhibition.JOB_DOWN;
import static io.github.flinko11y.alerts.rules.Inhibition.JOB_SYMPTOM;
import static io.github.flinko11y.alerts.rules.Severity.CRITICAL;
import static io.github.flinko11y.alerts.rules.Severity.INFO;
import static io.github.flinko11y.alerts.rules.Severity.WARNING;

import io.github.flinko11y.catalog.Catalog;
import io.github.flinko11y.catalog.Labels;
import io.github.flinko11y.catalog.Thresholds;
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

    private final Catalog c;
    private final Thresholds t;
    private final Labels l;
    /** {@code by (...)} of one Flink job and of one Flink cluster, as the catalog's aggregations keep them. */
    private final String jobKey;
    private final String clusterKey;
    /** Description templates: the pod, the Flink cluster, a job and a task by their labels. */
    private final String podRef;
    private final String clusterRef;
    private final String jobRef;
    private final String taskRef;

    public FlinkAlerts(Catalog catalog) {
        this.c = catalog;
        this.t = catalog.thresholds();
        this.l = catalog.labels();
        this.jobKey = l.aggregation("job").by();
        this.clusterKey = l.aggregation("cluster").by();
        this.podRef = l.template(l.target("pod"));
        this.clusterRef = l.template(l.target("namespace")) + "/" + l.template(l.target("cluster"));
        this.jobRef = "Flink job " + l.template("job_name") + " (" + l.template("job_id") + ") in " + clusterRef;
        this.taskRef = "Task " + l.template("task_name") + " of Flink job " + l.template("job_name") + " in " + clusterRef;
    }

    public List<AlertGroup> groups() {
        return List.of(jobs(), checkpoints(), throughput(), cluster(), jvm(), meta());
    }

    AlertGroup jobs() {
        String restarts = c.metricName("job.numRestarts");
        return new AlertGroup("flink-jobs", List.of(
                Alert.named("FlinkJobNotRunning").severity(CRITICAL).inhibition(JOB_DOWN)
                        .expr(c.metricName("job.runningTime") + " == 0")
                        .forDuration(t.forDuration("medium"))
                        .summary("A Flink job is not running.")
                        .description(jobRef + " has not been RUNNING for " + t.forDuration("medium")
                                + " (JobManager pod " + podRef + ").")
                        .build(),
                Alert.named("FlinkNoRunningJobs").severity(CRITICAL)
                        .expr(c.metricName("jobmanager.numRunningJobs") + " == 0")
                        .forDuration(t.forDuration("medium"))
                        .summary("A Flink cluster runs no job.")
                        .description("Flink cluster " + clusterRef + " has had no RUNNING job for "
                                + t.forDuration("medium") + " (JobManager pod " + podRef + ").")
                        .build(),
                Alert.named("FlinkJobRestarting").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr("delta(" + restarts + "[" + t.duration("restartWindow") + "]) > 0")
                        .forDuration(t.forDuration("short"))
                        .summary("A Flink job restarted.")
                        .description(jobRef + " restarted within the last " + t.duration("restartWindow")
                                + " (JobManager pod " + podRef + ").")
                        .build(),
                Alert.named("FlinkJobRestartLoop").severity(CRITICAL).inhibition(JOB_SYMPTOM)
                        .expr("delta(" + restarts + "[" + t.duration("restartLoopWindow") + "]) >= "
                                + t.number("restartLoopCount"))
                        .forDuration(t.forDuration("short"))
                        .summary("A Flink job is in a restart loop.")
                        .description(jobRef + " restarted at least " + t.number("restartLoopCount")
                                + " times within " + t.duration("restartLoopWindow")
                                + " (JobManager pod " + podRef + ").")
                        .build()));
    }

    AlertGroup checkpoints() {
        long intervalMs = t.millis("checkpointInterval");
        String maxAge = t.duration("checkpointMaxAge");
        return new AlertGroup("flink-checkpoints", List.of(
                // More failed than completed, not "any failure": Flink fails the checkpoints it
                // triggers while a job's tasks are still starting, so every deploy has one or two.
                Alert.named("FlinkCheckpointsFailing").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr("delta(" + c.metricName("job.numberOfFailedCheckpoints") + "["
                                + t.duration("checkpointFailureWindow") + "]) > delta("
                                + c.metricName("job.numberOfCompletedCheckpoints") + "["
                                + t.duration("checkpointFailureWindow") + "])")
                        .forDuration(t.forDuration("short"))
                        .summary("Checkpoints of a Flink job fail.")
                        .description(jobRef + " had more failed than completed checkpoints within the last "
                                + t.duration("checkpointFailureWindow") + " (JobManager pod " + podRef + ").")
                        .build(),
                // Counts rather than lastCheckpointCompletedTimestamp, which Flink 1.20 does not register.
                Alert.named("FlinkCheckpointsNotCompleting").severity(CRITICAL).inhibition(JOB_SYMPTOM)
                        .expr("max by (" + jobKey + ") (changes(" + c.metricName("job.numberOfCompletedCheckpoints")
                                + "[" + maxAge + "])) == 0 and on (" + jobKey + ") max by (" + jobKey
                                + ") (min_over_time(" + c.metricName("job.totalNumberOfCheckpoints") + "[" + maxAge
                                + "])) > 0")
                        .forDuration(t.forDuration("short"))
                        .summary("A Flink job has not completed a checkpoint for too long.")
                        .description(jobRef + " has checkpointing on but completed no checkpoint within the last "
                                + maxAge + ".")
                        .build(),
                Alert.named("FlinkCheckpointDurationNearInterval").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr("max by (" + jobKey + ") (" + c.metricName("job.lastCheckpointDuration") + ") > "
                                + t.number("checkpointDurationRatio") + " * " + intervalMs)
                        .forDuration(t.forDuration("medium"))
                        .summary("Checkpoints of a Flink job take nearly as long as the checkpoint interval.")
                        .description(jobRef + " took {{ $value | printf \"%.0f\" }} ms for its last checkpoint,"
                                + " more than " + t.number("checkpointDurationRatio") + " of the "
                                + t.duration("checkpointInterval") + " interval.")
                        .build()));
    }

    AlertGroup throughput() {
        String watermarkLag = c.recorded("job_name", "operator.currentOutputWatermark", "lag_seconds");
        String sourceLag = c.recorded("job_name", "operator.pendingRecords", "sum");
        String growth = t.duration("lagGrowthWindow");
        return new AlertGroup("flink-throughput", List.of(
                Alert.named("FlinkTaskBackPressured").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr(c.recorded("job_name_task_name", "task.backPressuredTimeMsPerSecond", "max") + " > "
                                + t.number("backPressuredMsPerSecond"))
                        .forDuration(t.forDuration("long"))
                        .summary("A Flink task is back-pressured.")
                        .description(taskRef + " is back-pressured {{ $value | printf \"%.0f\" }} ms per second"
                                + " in its worst subtask.")
                        .build(),
                Alert.named("FlinkTaskBusy").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr(c.recorded("job_name_task_name", "task.busyTimeMsPerSecond", "max") + " > "
                                + t.number("busyMsPerSecond"))
                        .forDuration(t.forDuration("long"))
                        .summary("A Flink task is busy nearly all the time.")
                        .description(taskRef + " is busy {{ $value | printf \"%.0f\" }} ms per second"
                                + " in its worst subtask: it is the job's bottleneck.")
                        .build(),
                Alert.named("FlinkWatermarkLagGrowing").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr(watermarkLag + " > " + t.seconds("watermarkLag")
                                + " and deriv(" + watermarkLag + "[" + growth + "]) > 0")
                        .forDuration(t.forDuration("medium"))
                        .summary("The event time of a Flink job falls further behind.")
                        .description(jobRef + " has its lowest output watermark {{ $value | humanizeDuration }}"
                                + " behind the wall clock, and growing.")
                        .build(),
                Alert.named("FlinkSourceLagGrowing").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr(sourceLag + " > " + t.number("sourceLagRecords")
                                + " and deriv(" + sourceLag + "[" + growth + "]) > 0")
                        .forDuration(t.forDuration("medium"))
                        .summary("The sources of a Flink job fall further behind.")
                        .description(jobRef + " has {{ $value | printf \"%.0f\" }} records pending in its sources,"
                                + " and growing.")
                        .build(),
                Alert.named("FlinkNoRecordsProcessed").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr(c.recorded("job_name", "task.numRecordsInPerSecond", "sum") + " + "
                                + c.recorded("job_name", "task.numRecordsOutPerSecond", "sum") + " == 0")
                        .forDuration(t.forDuration("long"))
                        .summary("A Flink job processes no records.")
                        .description(jobRef + " has neither received nor emitted a record between its tasks for "
                                + t.forDuration("long") + ".")
                        .build()));
    }

    AlertGroup cluster() {
        String taskManagers = c.metricName("jobmanager.numRegisteredTaskManagers");
        return new AlertGroup("flink-cluster", List.of(
                Alert.named("FlinkTaskManagerLost").severity(WARNING)
                        .expr(taskManagers + " < max_over_time(" + taskManagers + "["
                                + t.duration("taskManagerLossWindow") + "])")
                        .forDuration(t.forDuration("short"))
                        .summary("A Flink cluster lost TaskManagers.")
                        .description("Flink cluster " + clusterRef + " has {{ $value | printf \"%.0f\" }}"
                                + " TaskManagers registered, fewer than within the last "
                                + t.duration("taskManagerLossWindow") + " (JobManager pod " + podRef + ").")
                        .build(),
                Alert.named("FlinkNoFreeTaskSlots").severity(WARNING)
                        .expr("max by (" + clusterKey + ") (" + c.metricName("jobmanager.taskSlotsAvailable")
                                + ") == 0 and on (" + clusterKey + ") " + c.metricName("job.runningTime") + " == 0")
                        .forDuration(t.forDuration("medium"))
                        .summary("A Flink job waits for task slots and none are free.")
                        .description("Flink cluster " + clusterRef + " has no free task slot while a job is not"
                                + " running.")
                        .build()));
    }

    AlertGroup jvm() {
        return new AlertGroup("flink-jvm", List.of(
                Alert.named("FlinkJobManagerHeapNearMax").severity(WARNING)
                        .expr(c.recorded("host", "jobmanager.heapUsed", "ratio") + " > " + t.number("heapUsedRatio"))
                        .forDuration(t.forDuration("medium"))
                        .summary("A Flink JobManager's heap is nearly full.")
                        .description("JobManager pod " + podRef + " of Flink cluster " + clusterRef
                                + " uses {{ $value | humanizePercentage }} of its maximum heap.")
                        .build(),
                Alert.named("FlinkTaskManagerHeapNearMax").severity(WARNING)
                        .expr(c.recorded("tm_id", "taskmanager.heapUsed", "ratio") + " > "
                                + t.number("heapUsedRatio"))
                        .forDuration(t.forDuration("medium"))
                        .summary("A Flink TaskManager's heap is nearly full.")
                        .description("TaskManager " + l.template("tm_id") + " (pod " + podRef + ") of Flink cluster "
                                + clusterRef + " uses {{ $value | humanizePercentage }} of its maximum heap.")
                        .build(),
                Alert.named("FlinkGcTimeHigh").severity(WARNING)
                        .expr(c.metricName("jobmanager.gcTimeMsPerSecond") + " > " + t.number("gcTimeMsPerSecond")
                                + " or " + c.metricName("taskmanager.gcTimeMsPerSecond") + " > "
                                + t.number("gcTimeMsPerSecond"))
                        .forDuration(t.forDuration("medium"))
                        .summary("A Flink process spends much of its time in garbage collection.")
                        .description("Flink pod " + podRef + " in " + clusterRef
                                + " spends {{ $value | printf \"%.0f\" }} ms per second in garbage collection.")
                        .build(),
                Alert.named("FlinkMetaspaceNearMax").severity(WARNING)
                        // An unlimited metaspace reports max -1: the ratio is negative and never fires.
                        .expr(ratio("jobmanager.metaspaceUsed", "jobmanager.metaspaceMax") + " > "
                                + t.number("metaspaceUsedRatio") + " or "
                                + ratio("taskmanager.metaspaceUsed", "taskmanager.metaspaceMax") + " > "
                                + t.number("metaspaceUsedRatio"))
                        .forDuration(t.forDuration("medium"))
                        .summary("A Flink process's metaspace is nearly full.")
                        .description("Flink pod " + podRef + " in " + clusterRef
                                + " uses {{ $value | humanizePercentage }} of its maximum metaspace.")
                        .build()));
    }

    AlertGroup meta() {
        String up = "up{job=\"" + l.scrapeJob() + "\"}";
        return new AlertGroup("flink-meta", List.of(
                Alert.named("FlinkTargetDown").severity(WARNING)
                        .expr(up + " == 0")
                        .forDuration(t.forDuration("short"))
                        .summary("Prometheus cannot scrape a Flink process.")
                        .description("Prometheus cannot scrape Flink pod " + podRef + " ({{ $labels.instance }})"
                                + " in " + clusterRef + ".")
                        .build(),
                Alert.named("FlinkTargetsMissing").severity(CRITICAL)
                        .expr("absent(" + up + ")")
                        .forDuration(t.forDuration("noTargets"))
                        .summary("Prometheus scrapes no Flink process at all.")
                        .description("Prometheus has had no target in scrape job {{ $labels.job }} for "
                                + t.forDuration("noTargets") + ": no Flink alert can fire.")
                        .build(),
                Alert.named("FlinkLogLinesDropped").severity(WARNING)
                        .expr("increase(" + c.metricName("logs.dropped") + "[" + t.duration("logDropWindow") + "]) > 0")
                        .forDuration(t.forDuration("short"))
                        .summary("A Flink process drops log lines instead of shipping them to Loki.")
                        .description("Flink pod " + podRef + " (" + l.template("component") + ") in " + clusterRef
                                + " dropped log lines within the last " + t.duration("logDropWindow") + ".")
                        .build(),
                Alert.named("FlinkExporterMetricReadErrors").severity(INFO)
                        .expr("increase(" + c.metricName("exporter.metricReadErrors") + "["
                                + t.duration("exporterErrorWindow") + "]) > 0")
                        .forDuration(t.forDuration("short"))
                        .summary("The metric exporter of a Flink process cannot read some metrics.")
                        .description("The exporter in Flink pod " + podRef + " (" + l.template("component") + ") in "
                                + clusterRef + " left out metrics that threw when read within the last "
                                + t.duration("exporterErrorWindow") + ".")
                        .build(),
                Alert.named("FlinkExporterSeriesDropped").severity(INFO)
                        .expr(c.metricName("exporter.seriesDropped") + " > 0")
                        .forDuration(t.forDuration("medium"))
                        .summary("The metric exporter of a Flink process leaves series out at its maxSeries cap.")
                        .description("The exporter in Flink pod " + podRef + " (" + l.template("component") + ") in "
                                + clusterRef + " left out {{ $value | printf \"%.0f\" }} series in its last scrape.")
                        .build(),
                Alert.named(WATCHDOG).severity(INFO)
                        .expr("vector(1)")
                        .forDuration(t.forDuration("short"))
                        .summary("Always firing: proves that the alerting pipeline works.")
                        .description("This alert always fires. Alertmanager sends it to the dead man's switch;"
                                + " when that stops hearing from it, Prometheus or Alertmanager is down.")
                        .build()));
    }

    private String ratio(String usedId, String maxId) {
        return c.metricName(usedId) + " / " + c.metricName(maxId);
    }
}
