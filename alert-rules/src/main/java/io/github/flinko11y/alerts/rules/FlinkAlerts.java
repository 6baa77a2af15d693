package io.github.flinko11y.alerts.rules;

import static io.github.flinko11y.alerts.rules.Inhibition.CLUSTER_DOWN;
import static io.github.flinko11y.alerts.rules.Inhibition.CLUSTER_SYMPTOM;
import static io.github.flinko11y.alerts.rules.Inhibition.JOB_DOWN;
import static io.github.flinko11y.alerts.rules.Inhibition.JOB_SYMPTOM;
import static io.github.flinko11y.alerts.rules.Severity.CRITICAL;
import static io.github.flinko11y.alerts.rules.Severity.INFO;
import static io.github.flinko11y.alerts.rules.Severity.WARNING;

import io.github.flinko11y.catalog.Catalog;
import io.github.flinko11y.catalog.Labels;
import io.github.flinko11y.catalog.Thresholds;
import java.util.List;
import java.util.function.Function;

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

    /** What a Flink process that started again also raises: the restarted container's ticket names the cause. */
    private static final String[] WHAT_A_PROCESS_RESTART_CAUSES = {"FlinkTaskManagerLost", "FlinkJobRestarting", "FlinkTargetDown"};

    /** Every series selector, narrowed to the scope this instance renders. */
    private final Series s;
    private final Thresholds t;
    private final Labels l;
    /** {@code by (...)} of one Flink job and of one Flink cluster, as the catalog's aggregations keep them. */
    private final String jobKey;
    private final String clusterKey;
    /** One Flink process: the cluster key, the pod and the component (JVM statistics). */
    private final String processKey;
    /** Description templates: the pod, the Flink cluster, a job and a task by their labels. */
    private final String podRef;
    private final String clusterRef;
    private final String jobRef;
    private final String taskRef;

    public FlinkAlerts(Catalog catalog) {
        this(new Series(catalog, Scope.ALL));
    }

    /** The alerts evaluated on the series of {@code series}' scope only (per-job overrides). */
    public FlinkAlerts(Series series) {
        Catalog catalog = series.catalog();
        this.s = series;
        this.t = catalog.thresholds();
        this.l = catalog.labels();
        this.jobKey = l.aggregation("job").by();
        this.clusterKey = l.aggregation("cluster").by();
        this.processKey = String.join(", ", l.aggregation("cluster").labels()) + ", " + l.target("pod") + ", "
                + l.label("component");
        this.podRef = l.template(l.target("pod"));
        this.clusterRef = l.template(l.target("namespace")) + "/" + l.template(l.target("cluster"));
        this.jobRef = "Flink job " + l.template("job_name") + " (" + l.template("job_id") + ") in " + clusterRef;
        this.taskRef = "Task " + l.template("task_name") + " of Flink job " + l.template("job_name") + " in " + clusterRef;
    }

    public List<AlertGroup> groups() {
        return List.of(jobs(), checkpoints(), throughput(), cluster(), jvm(), kubernetes(), operator(), meta(), monitoring());
    }

    AlertGroup jobs() {
        String restarts = s.metric("job.numRestarts");
        // A job across resubmissions: a new job id (a redeploy, a recovery) is the same job.
        String jobByName = String.join(", ", l.notificationKey());
        return new AlertGroup("flink-jobs", List.of(
                Alert.named("FlinkJobNotRunning").severity(CRITICAL).inhibition(JOB_DOWN)
                        // A job that restarts is not stuck: the restart alerts name that cause, one page.
                        .expr(s.metric("job.runningTime") + " == 0 unless " + restartedWithin("restartWindow"))
                        .forDuration(t.forDuration("medium"))
                        .summary("A Flink job is not running.")
                        .description(jobRef + " has not been RUNNING for " + t.forDuration("medium")
                                + " and has not restarted within " + t.duration("restartWindow")
                                + " (JobManager pod " + podRef + ").")
                        .build(),
                // A job that ends (FAILED, CANCELED) takes its series with it, and in application
                // mode the whole cluster's: compare with what was seen, not with absent(). Only jobs
                // that checkpointed count, so a batch job that finishes stays silent.
                Alert.named("FlinkJobGone").severity(CRITICAL).inhibition(JOB_DOWN)
                        .expr("max by (" + jobByName + ") (max_over_time(" + s.metric("job.totalNumberOfCheckpoints")
                                + "[" + t.duration("jobGoneWindow") + "]) > 0) unless on (" + jobByName + ") "
                                + restarts)
                        .forDuration(t.forDuration("medium"))
                        .summary("A Flink streaming job is gone.")
                        .description("Flink job " + l.template("job_name") + " in " + clusterRef
                                + " checkpointed within the last " + t.duration("jobGoneWindow")
                                + " but has reported nothing for " + t.forDuration("medium")
                                + ": it ended (FAILED or CANCELED) or its cluster is gone.")
                        .build(),
                Alert.named("FlinkJobRestarting").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr(restartsExceptRescales(t.duration("restartWindow")) + " > 0")
                        .forDuration(t.forDuration("short"))
                        .summary("A Flink job restarted.")
                        .description(jobRef + " restarted within the last " + t.duration("restartWindow")
                                + " (JobManager pod " + podRef + ").")
                        .build(),
                Alert.named("FlinkJobRestartLoop").severity(CRITICAL).inhibition(JOB_SYMPTOM)
                        .supersedesForTheJob("FlinkJobRestarting")
                        .supersedesForTheJob("FlinkCheckpointsNotCompleting")
                        // Restarts while the cluster had no TaskManager at all are FlinkNoTaskManagers' page,
                        // also after a TaskManager is back (Alertmanager's inhibition ends with that page).
                        .expr(restartsExceptRescales(t.duration("restartLoopWindow")) + " >= "
                                + t.number("restartLoopCount") + " unless on (" + clusterKey + ") max by (" + clusterKey
                                + ") (min_over_time(" + s.metric("jobmanager.numRegisteredTaskManagers") + "["
                                + t.duration("restartLoopWindow") + "])) == 0")
                        .forDuration(t.forDuration("short"))
                        .summary("A Flink job is in a restart loop.")
                        .description(jobRef + " restarted at least " + t.number("restartLoopCount")
                                + " times within " + t.duration("restartLoopWindow")
                                + " (JobManager pod " + podRef + ").")
                        .build()));
    }

    /** Jobs that restarted (or rescaled) within the threshold {@code windowId}. */
    private String restartedWithin(String windowId) {
        return "delta(" + s.metric("job.numRestarts") + "[" + t.duration(windowId) + "]) > 0";
    }

    /**
     * Restarts within {@code window} that were not rescales: numRestarts counts rescales too
     * (adaptive scheduler, autoscaler); Flink 2.x counts them apart in numRescales, 1.20 does not.
     */
    private String restartsExceptRescales(String window) {
        String restarts = "delta(" + s.metric("job.numRestarts") + "[" + window + "])";
        return "(" + restarts + " - delta(" + s.metric("job.numRescales") + "[" + window + "]) or " + restarts + ")";
    }

    AlertGroup checkpoints() {
        String maxAge = t.duration("checkpointMaxAge");
        return new AlertGroup("flink-checkpoints", List.of(
                // Any failure of a job that has been RUNNING longer than the window: Flink may fail the
                // checkpoints it triggers while a job's tasks are still starting (every deploy, every restart).
                Alert.named("FlinkCheckpointsFailing").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr("delta(" + s.metric("job.numberOfFailedCheckpoints") + "["
                                + t.duration("checkpointFailureWindow") + "]) > 0 and "
                                + s.metric("job.runningTime") + " > " + t.millis("checkpointFailureWindow"))
                        .forDuration(t.forDuration("short"))
                        .summary("Checkpoints of a Flink job fail.")
                        .description(jobRef + " had {{ $value | printf \"%.0f\" }} failed checkpoints within the last "
                                + t.duration("checkpointFailureWindow") + " (JobManager pod " + podRef + ").")
                        .build(),
                // Counts rather than lastCheckpointCompletedTimestamp, which Flink 1.20 does not register.
                // Only a job that still reports: an ended job's last samples show no new checkpoint either.
                Alert.named("FlinkCheckpointsNotCompleting").severity(CRITICAL).inhibition(JOB_SYMPTOM)
                        .supersedesForTheJob("FlinkCheckpointsFailing")
                        .expr("max by (" + jobKey + ") (changes(" + s.metric("job.numberOfCompletedCheckpoints")
                                + "[" + maxAge + "])) == 0 and on (" + jobKey + ") max by (" + jobKey
                                + ") (min_over_time(" + s.metric("job.totalNumberOfCheckpoints") + "[" + maxAge
                                + "])) > 0 and on (" + jobKey + ") max by (" + jobKey + ") ("
                                + s.metric("job.totalNumberOfCheckpoints") + ") > 0")
                        .forDuration(t.forDuration("short"))
                        .summary("A Flink job has not completed a checkpoint for too long.")
                        .description(jobRef + " has checkpointing on but completed no checkpoint within the last "
                                + maxAge + ".")
                        .build(),
                // The job's own period (window / checkpoints completed in it), not one interval for every
                // job: a fleet mixes 10 s and 5 min intervals. No checkpoint completed: +Inf, silent here.
                Alert.named("FlinkCheckpointDurationNearInterval").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr("max by (" + jobKey + ") (" + s.metric("job.lastCheckpointDuration") + ") > "
                                + t.number("checkpointDurationRatio") + " * " + t.millis("checkpointPeriodWindow")
                                + " / max by (" + jobKey + ") (delta(" + s.metric("job.numberOfCompletedCheckpoints")
                                + "[" + t.duration("checkpointPeriodWindow") + "]))")
                        .forDuration(t.forDuration("long"))
                        .summary("Checkpoints of a Flink job take nearly as long as the checkpoint interval.")
                        .description(jobRef + " took {{ $value | printf \"%.0f\" }} ms for its last checkpoint,"
                                + " more than " + t.number("checkpointDurationRatio") + " of the time between its"
                                + " checkpoints over the last " + t.duration("checkpointPeriodWindow") + ".")
                        .build()));
    }

    AlertGroup throughput() {
        String watermarkLag = s.recorded("job_name", "operator.currentOutputWatermark", "lag_seconds");
        String sourceLag = s.recorded("job_name", "operator.pendingRecords", "sum");
        Function<String, String> sinkErrors = id -> "(sum by (" + l.aggregation("task").by() + ") (delta(" + s.metric(id)
                + "[" + t.duration("sinkErrorWindow") + "])) > 0)";
        String growth = t.duration("lagGrowthWindow");
        return new AlertGroup("flink-throughput", List.of(
                Alert.named("FlinkTaskBackPressured").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr(s.recorded("job_name_task_name", "task.backPressuredTimeMsPerSecond", "max") + " > "
                                + t.number("backPressuredMsPerSecond"))
                        .forDuration(t.forDuration("medium"))
                        .summary("A Flink task is back-pressured.")
                        .description(taskRef + " is back-pressured {{ $value | printf \"%.0f\" }} ms per second"
                                + " in its worst subtask.")
                        .build(),
                // The busy task is the bottleneck that back-pressures the tasks before it: one ticket.
                Alert.named("FlinkTaskBusy").severity(WARNING).inhibition(JOB_SYMPTOM)
                        // A bottleneck also slows checkpoints (barriers queue behind records) and holds back
                        // the event time: those fire later (longer for:, the lag must build up first).
                        .supersedesForTheJob("FlinkTaskBackPressured")
                        .supersedesForTheJob("FlinkWatermarkLagGrowing")
                        .supersedesForTheJob("FlinkCheckpointDurationNearInterval")
                        .expr(s.recorded("job_name_task_name", "task.busyTimeMsPerSecond", "max") + " > "
                                + t.number("busyMsPerSecond"))
                        .forDuration(t.forDuration("medium"))
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
                // Records waiting in the sources also hold back the event time: one ticket.
                Alert.named("FlinkSourceLagGrowing").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .supersedesForTheJob("FlinkWatermarkLagGrowing")
                        .expr(sourceLag + " > " + t.number("sourceLagRecords")
                                + " and deriv(" + sourceLag + "[" + growth + "]) > 0")
                        .forDuration(t.forDuration("medium"))
                        .summary("The sources of a Flink job fall further behind.")
                        .description(jobRef + " has {{ $value | printf \"%.0f\" }} records pending in its sources,"
                                + " and growing.")
                        .build(),
                Alert.named("FlinkSinkWriteErrors").severity(WARNING).inhibition(JOB_SYMPTOM)
                        // Sink V2 writers count failed writes in numRecordsSendErrors (the Kafka sink, most
                        // current connectors), older sinks in numRecordsOutErrors, some in both: either pages once.
                        .expr(sinkErrors.apply("operator.numRecordsOutErrors") + " or " + sinkErrors.apply("operator.numRecordsSendErrors"))
                        .forDuration(t.forDuration("short"))
                        .summary("A sink of a Flink job fails to write records.")
                        .description(taskRef + " failed to write {{ $value | printf \"%.0f\" }} records within the last "
                                + t.duration("sinkErrorWindow") + ".")
                        .build(),
                Alert.named("FlinkNoRecordsProcessed").severity(WARNING).inhibition(JOB_SYMPTOM)
                        .expr(s.recorded("job_name", "task.numRecordsInPerSecond", "sum") + " + "
                                + s.recorded("job_name", "task.numRecordsOutPerSecond", "sum") + " == 0")
                        .forDuration(t.forDuration("long"))
                        .summary("A Flink job processes no records.")
                        .description(jobRef + " has neither received nor emitted a record between its tasks for "
                                + t.forDuration("long") + ".")
                        .build()));
    }

    AlertGroup cluster() {
        String taskManagers = s.metric("jobmanager.numRegisteredTaskManagers");
        String lossWindow = t.duration("taskManagerLossWindow");
        return new AlertGroup("flink-cluster", List.of(
                // The root cause of everything else the cluster's jobs report: one page, not three.
                Alert.named("FlinkNoTaskManagers").severity(CRITICAL).inhibition(CLUSTER_DOWN)
                        .supersedesInTheCluster("FlinkTargetDown")
                        .expr("count by (" + clusterKey + ") (" + s.metric("job.numRestarts") + ") > 0 and on ("
                                + clusterKey + ") max by (" + clusterKey + ") (" + taskManagers + ") == 0")
                        .forDuration(t.forDuration("short"))
                        .summary("A Flink cluster has jobs but no TaskManager.")
                        .description("Flink cluster " + clusterRef + " has {{ $value | printf \"%.0f\" }} jobs to run"
                                + " and no TaskManager registered for " + t.forDuration("short") + ".")
                        .build(),
                // A planned scale-down (reactive mode, autoscaler, idle TaskManagers released) restarts
                // no job; a lost TaskManager restarts the jobs it ran. None left at all is
                // FlinkNoTaskManagers' page, excluded here and not only by inhibition: when a TaskManager
                // registers, both resolve at one evaluation, but Alertmanager may get that page's
                // resolution first and send this alert as a ticket in between.
                Alert.named("FlinkTaskManagerLost").severity(WARNING).inhibition(CLUSTER_SYMPTOM)
                        .supersedesInTheCluster("FlinkJobRestarting")
                        .expr("max by (" + clusterKey + ") (" + taskManagers + ") < max by (" + clusterKey
                                + ") (max_over_time(" + taskManagers + "[" + lossWindow + "])) and on ("
                                + clusterKey + ") sum by (" + clusterKey + ") (" + restartsExceptRescales(lossWindow)
                                + ") > 0 and on (" + clusterKey + ") max by (" + clusterKey + ") (" + taskManagers
                                + ") > 0")
                        .forDuration(t.forDuration("short"))
                        .summary("A Flink cluster lost TaskManagers and its jobs restarted.")
                        .description("Flink cluster " + clusterRef + " has {{ $value | printf \"%.0f\" }}"
                                + " TaskManagers registered, fewer than within the last " + lossWindow
                                + ", and a job restarted.")
                        .build(),
                // The cause of a job that does not start: one page that names it, not FlinkJobNotRunning.
                Alert.named("FlinkNoFreeTaskSlots").severity(CRITICAL).inhibition(CLUSTER_SYMPTOM)
                        .supersedesInTheCluster("FlinkJobNotRunning")
                        // The TaskManager it waits for is Pending: this page names what the job misses.
                        .supersedesInTheCluster("FlinkPodPending")
                        .expr("max by (" + clusterKey + ") (" + s.metric("jobmanager.taskSlotsAvailable")
                                + ") == 0 and on (" + clusterKey + ") (" + s.metric("job.runningTime") + " == 0 unless "
                                + restartedWithin("restartWindow") + ")")
                        .forDuration(t.forDuration("medium"))
                        .summary("A Flink job waits for task slots and none are free.")
                        .description("Flink cluster " + clusterRef + " has no free task slot while a job that has not"
                                + " restarted within " + t.duration("restartWindow") + " is not running.")
                        .build()));
    }

    AlertGroup jvm() {
        return new AlertGroup("flink-jvm", List.of(
                // After GC, not raw used/max: under G1 raw heap use saw-tooths up to the maximum.
                Alert.named("FlinkHeapNearMaxAfterGc").severity(WARNING)
                        .expr("max by (" + processKey + ") (" + s.metric("jvm.memoryUsageAfterGc", "area=\"heap\"")
                                + ") > " + t.number("heapUsedRatio"))
                        .forDuration(t.forDuration("medium"))
                        .summary("A Flink process's heap stays nearly full after garbage collection.")
                        .description("Flink " + l.template("component") + " pod " + podRef + " in " + clusterRef
                                + " keeps {{ $value | humanizePercentage }} of its long-lived heap in use after"
                                + " garbage collection.")
                        .build(),
                Alert.named("FlinkGcTimeHigh").severity(WARNING)
                        .expr(s.metric("jobmanager.gcTimeMsPerSecond") + " > " + t.number("gcTimeMsPerSecond")
                                + " or " + s.metric("taskmanager.gcTimeMsPerSecond") + " > "
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

    /**
     * Flink pods as Kubernetes sees them (kube-state-metrics, the kubelet's cAdvisor), through the
     * catalog's join rules: each series carries the Flink cluster and component of its pod. The JVM
     * never reports its own OOM kill, crash loop or Pending pod.
     */
    AlertGroup kubernetes() {
        String pod = String.join(", ", l.aggregation("pod").labels());
        String restarts = joined("kubeStateMetrics.containerRestarts");
        String window = t.duration("restartWindow");
        String lastOomKilled = joined("kubeStateMetrics.containerLastTerminatedReason", "reason=\"OOMKilled\"") + " == 1";
        String podRef = "Flink " + l.template("component") + " pod " + this.podRef + " in " + clusterRef;
        String throttleWindow = t.duration("cpuThrottleWindow");
        return new AlertGroup("flink-kubernetes", List.of(
                // The kernel's kill at the memory limit names the cause of the lost TaskManager and the
                // restarts: one ticket. A repeated kill becomes a crash loop, which pages.
                Alert.named("FlinkContainerOomKilled").severity(WARNING).inhibition(CLUSTER_SYMPTOM)
                        .supersedesInTheCluster(WHAT_A_PROCESS_RESTART_CAUSES)
                        // cAdvisor's count needs no kube-state-metrics, but it is lost with the container.
                        .expr("(increase(" + restarts + "[" + window + "]) > 0 and on (" + pod + ") " + lastOomKilled
                                + ") or on (" + pod + ") increase(" + joined("cadvisor.oomEvents") + "[" + window + "]) > 0")
                        .forDuration(t.forDuration("short"))
                        .summary("The kernel killed a Flink container at its memory limit.")
                        .description(podRef + " was OOM-killed within the last " + window
                                + ": heap, metaspace, direct and native (RocksDB) memory together exceeded the"
                                + " container's memory limit.")
                        .build(),
                Alert.named("FlinkContainerRestarting").severity(WARNING).inhibition(CLUSTER_SYMPTOM)
                        .supersedesInTheCluster(WHAT_A_PROCESS_RESTART_CAUSES)
                        .expr("increase(" + restarts + "[" + window + "]) > 0 unless on (" + pod + ") " + lastOomKilled)
                        .forDuration(t.forDuration("short"))
                        .summary("A Flink container restarted.")
                        .description(podRef + " restarted {{ $value | printf \"%.0f\" }} times within the last "
                                + window + " (not an OOM kill: see its last terminated reason).")
                        .build(),
                // Without kube-state-metrics for the pod: the JVM's uptime starting again is the restart.
                Alert.named("FlinkProcessRestarted").severity(WARNING).inhibition(CLUSTER_SYMPTOM)
                        .supersedesInTheCluster(WHAT_A_PROCESS_RESTART_CAUSES)
                        .expr("resets(" + s.metric("process.uptime") + "[" + window + "]) > 0 unless on (" + clusterKey
                                + ", " + l.target("pod") + ") " + restarts)
                        .forDuration(t.forDuration("short"))
                        .summary("A Flink process started again in the same pod.")
                        .description("Flink " + l.template("component") + " pod " + this.podRef + " in " + clusterRef
                                + " started its JVM again within the last " + window + " (kube-state-metrics does not"
                                + " report this pod, so the reason is not known here: see the pod's last state).")
                        .build(),
                // Kubernetes holds the container back between restarts: nothing of the pod runs.
                Alert.named("FlinkContainerCrashLooping").severity(CRITICAL).inhibition(CLUSTER_DOWN)
                        .supersedesInTheCluster("FlinkContainerRestarting", "FlinkContainerOomKilled", "FlinkNoTaskManagers",
                                "FlinkJobGone", "FlinkTargetDown")
                        .expr(joined("kubeStateMetrics.containerWaitingReason", "reason=\"CrashLoopBackOff\"") + " == 1")
                        .forDuration(t.forDuration("short"))
                        .summary("A Flink container is crash-looping.")
                        .description(podRef + " has been in CrashLoopBackOff for " + t.forDuration("short")
                                + ": it keeps failing at start and Kubernetes holds it back between restarts.")
                        .build(),
                Alert.named("FlinkPodPending").severity(WARNING).inhibition(CLUSTER_SYMPTOM)
                        // An unschedulable pod is Pending too: one alert for both.
                        .expr(joined("kubeStateMetrics.podPhase", "phase=\"Pending\"") + " == 1")
                        // Longer than FlinkNoFreeTaskSlots' for:, so a job that waits pages first.
                        .forDuration(t.forDuration("long"))
                        .summary("A Flink pod stays Pending.")
                        .description(podRef + " has been Pending for " + t.forDuration("long")
                                + ": no node has room for it (CPU, memory, quota, taints) or its image does not pull.")
                        .build(),
                Alert.named("FlinkContainerMemoryNearLimit").severity(WARNING).inhibition(CLUSTER_SYMPTOM)
                        .expr(joined("cadvisor.memoryWorkingSet") + " / on (" + pod + ") "
                                + joined("kubeStateMetrics.containerResourceLimits", "resource=\"memory\"") + " > "
                                + t.number("memoryLimitRatio"))
                        .forDuration(t.forDuration("medium"))
                        .summary("A Flink container's memory is close to its limit.")
                        .description(podRef + " uses {{ $value | humanizePercentage }} of its memory limit"
                                + " (working set): the kernel OOM-kills it at the limit.")
                        .build(),
                // Throttling alone is harmless for an idle container: only with busy tasks is the CPU
                // limit the bottleneck, and then it names the cause of FlinkTaskBusy.
                Alert.named("FlinkCpuThrottled").severity(WARNING).inhibition(CLUSTER_SYMPTOM)
                        .supersedesInTheCluster("FlinkTaskBusy")
                        .expr("rate(" + joined("cadvisor.cfsThrottledPeriods") + "[" + throttleWindow + "]) / on ("
                                + pod + ") rate(" + joined("cadvisor.cfsPeriods") + "[" + throttleWindow + "]) > "
                                + t.number("cpuThrottledRatio") + " and on (" + clusterKey + ", " + l.target("pod")
                                + ") max by (" + clusterKey + ", " + l.target("pod") + ") ("
                                + s.metric("task.busyTimeMsPerSecond") + ") > " + t.number("busyMsPerSecond"))
                        .forDuration(t.forDuration("medium"))
                        .summary("A Flink container's CPU limit holds back its busy tasks.")
                        .description(podRef + " was throttled in {{ $value | humanizePercentage }} of its CPU periods"
                                + " over the last " + throttleWindow + " while a task in it was busy: the CPU limit is"
                                + " the bottleneck.")
                        .build()));
    }

    /** A Kubernetes series of Flink's pods, joined to their Flink cluster and component. */
    private String joined(String metricId, String... matchers) {
        return s.recorded(l.aggregation("pod").level(), metricId, "join", matchers);
    }

    /**
     * The Flink Kubernetes operator's view. It counts resources per namespace, not per Flink cluster:
     * these alerts cannot name the cluster, so the per-cluster Flink and pod alerts page and these are
     * tickets that add the operator's state.
     */
    AlertGroup operator() {
        String window = t.duration("operatorErrorWindow");
        String namespace = l.template(l.target("namespace"));
        String resources = "{{ $value | printf \"%.0f\" }} {{ $labels.resourcetype }} resources in namespace " + namespace;
        return new AlertGroup("flink-operator", List.of(
                Alert.named("FlinkOperatorResourceFailed").severity(WARNING)
                        .expr(s.metric("operator.lifecycleFailed") + " > 0")
                        .forDuration(t.forDuration("short"))
                        .summary("The Flink Kubernetes operator reports FlinkDeployments or FlinkSessionJobs FAILED.")
                        .description(resources + " are in lifecycle state FAILED: their job failed for good or they"
                                + " cannot be deployed (kubectl get flinkdeployments,flinksessionjobs -n " + namespace + ").")
                        .build(),
                Alert.named("FlinkOperatorResourceRolledBack").severity(WARNING)
                        .expr(s.metric("operator.lifecycleRolledBack") + " > 0")
                        .forDuration(t.forDuration("short"))
                        .summary("The Flink Kubernetes operator rolled back an upgrade.")
                        .description(resources + " are ROLLED_BACK: an upgrade did not become stable in time and the"
                                + " operator returned to the last stable spec.")
                        .build(),
                Alert.named("FlinkOperatorJobManagerDeploymentUnhealthy").severity(WARNING)
                        .expr(s.metric("operator.jmDeploymentError") + " > 0 or " + s.metric("operator.jmDeploymentMissing")
                                + " > 0")
                        .forDuration(t.forDuration("medium"))
                        .summary("The Flink Kubernetes operator finds a JobManager deployment in ERROR or MISSING.")
                        .description(resources + " have had a JobManager deployment in status ERROR or MISSING for "
                                + t.forDuration("medium") + ".")
                        .build(),
                // Counts of FlinkStateSnapshot resources stay up until the operator cleans them: alert on new ones.
                Alert.named("FlinkOperatorSnapshotsFailing").severity(WARNING)
                        .expr("delta(" + s.metric("operator.savepointsFailed") + "[" + window + "]) > 0 or delta("
                                + s.metric("operator.checkpointsFailed") + "[" + window + "]) > 0")
                        .forDuration(t.forDuration("short"))
                        .summary("Savepoints or checkpoints that the Flink Kubernetes operator triggered failed.")
                        .description("{{ $value | printf \"%.0f\" }} more FlinkStateSnapshot resources in namespace "
                                + namespace + " failed within the last " + window + ".")
                        .build(),
                // A Flink counter exported as a gauge, back to 0 when the operator restarts: delta, not increase.
                Alert.named("FlinkOperatorAutoscalerErrors").severity(WARNING)
                        .expr("delta(" + s.metric("operator.autoscalerErrors") + "[" + window + "]) > 0")
                        .forDuration(t.forDuration("short"))
                        .summary("The Flink autoscaler fails to evaluate or scale a resource.")
                        .description("The autoscaler of {{ $labels.resourcetype }} " + l.template(l.target("cluster"))
                                + " in namespace " + namespace + " failed {{ $value | printf \"%.0f\" }} times within"
                                + " the last " + window + ".")
                        .build()));
    }

    AlertGroup meta() {
        String scrapeJob = "job=\"" + l.scrapeJob() + "\"";
        // up carries a Flink process's target labels; absent() of it keeps none, so that alert is never scoped.
        String up = s.other("up", l.targets(), scrapeJob);
        return new AlertGroup("flink-meta", List.of(
                // A TaskManager of a cluster left without any is FlinkNoTaskManagers' page, also for a
                // moment after one registers again: Prometheus may scrape the new process only after
                // that page has resolved, and Alertmanager's inhibition ends with the page.
                Alert.named("FlinkTargetDown").severity(WARNING)
                        .expr(up + " == 0 unless on (" + clusterKey + ") min by (" + clusterKey + ") (min_over_time("
                                + s.metric("jobmanager.numRegisteredTaskManagers") + "[" + t.forDuration("short")
                                + "])) == 0")
                        .forDuration(t.forDuration("short"))
                        .summary("Prometheus cannot scrape a Flink process.")
                        .description("Prometheus cannot scrape Flink pod " + podRef + " ({{ $labels.instance }})"
                                + " in " + clusterRef + ".")
                        .build(),
                Alert.named("FlinkTargetsMissing").severity(CRITICAL)
                        .expr("absent(" + s.other("up", List.of(), scrapeJob) + ")")
                        .forDuration(t.forDuration("noTargets"))
                        .summary("Prometheus scrapes no Flink process at all.")
                        .description("Prometheus has had no target in scrape job {{ $labels.job }} for "
                                + t.forDuration("noTargets") + ": no Flink alert can fire.")
                        .build(),
                Alert.named("FlinkLogLinesDropped").severity(WARNING)
                        .expr("increase(" + s.metric("logs.dropped") + "[" + t.duration("logDropWindow") + "]) > 0")
                        .forDuration(t.forDuration("short"))
                        .summary("A Flink process drops log lines instead of shipping them to Loki.")
                        .description("Flink pod " + podRef + " (" + l.template("component") + ") in " + clusterRef
                                + " dropped log lines within the last " + t.duration("logDropWindow") + ".")
                        .build(),
                Alert.named("FlinkExporterMetricReadErrors").severity(INFO)
                        .expr("increase(" + s.metric("exporter.metricReadErrors") + "["
                                + t.duration("exporterErrorWindow") + "]) > 0")
                        .forDuration(t.forDuration("short"))
                        .summary("The metric exporter of a Flink process cannot read some metrics.")
                        .description("The exporter in Flink pod " + podRef + " (" + l.template("component") + ") in "
                                + clusterRef + " left out metrics that threw when read within the last "
                                + t.duration("exporterErrorWindow") + ".")
                        .build(),
                Alert.named("FlinkExporterSeriesDropped").severity(INFO)
                        .expr(s.metric("exporter.seriesDropped") + " > 0")
                        .forDuration(t.forDuration("medium"))
                        .summary("The metric exporter of a Flink process leaves sample lines out at its maxSampleLines cap.")
                        .description("The exporter in Flink pod " + podRef + " (" + l.template("component") + ") in "
                                + clusterRef + " left out {{ $value | printf \"%.0f\" }} sample lines in its last scrape.")
                        .build(),
                Alert.named(WATCHDOG).severity(INFO)
                        .expr("vector(1)")
                        .forDuration(t.forDuration("short"))
                        .summary("Always firing: proves that the alerting pipeline works.")
                        .description("This alert always fires. Alertmanager sends it to the dead man's switch;"
                                + " when that stops hearing from it, Prometheus or Alertmanager is down.")
                        .build()));
    }

    /**
     * The monitoring stack watching itself, from the metrics Prometheus, Alertmanager and Loki serve
     * about themselves (the bundled Prometheus scrapes all three): a rule that cannot be evaluated
     * or a notification that cannot be delivered is an alert that silently never comes.
     */
    AlertGroup monitoring() {
        String window = t.duration("monitoringErrorWindow");
        return new AlertGroup("flink-monitoring", List.of(
                Alert.named("FlinkMonitoringRuleEvaluationFailing").severity(CRITICAL)
                        .expr("increase(" + s.metric("prometheus.ruleEvaluationFailures") + "[" + window + "]) > 0")
                        .forDuration(t.forDuration("short"))
                        .summary("Prometheus fails to evaluate alerting or recording rules.")
                        .description("Prometheus {{ $labels.instance }} failed to evaluate rules of group"
                                + " {{ $labels.rule_group }} within the last " + window + ": their alerts cannot fire.")
                        .build(),
                Alert.named("FlinkMonitoringNotificationsFailing").severity(WARNING)
                        .expr("increase(" + s.metric("prometheus.notificationsErrors") + "[" + window + "]) > 0"
                                + " or increase(" + s.metric("prometheus.notificationsDropped") + "[" + window + "]) > 0")
                        .forDuration(t.forDuration("short"))
                        .summary("Prometheus fails to hand alerts to Alertmanager.")
                        .description("Prometheus {{ $labels.instance }} failed to send or dropped alert notifications"
                                + " within the last " + window + ".")
                        .build(),
                // No Alertmanager explains the failed and dropped notifications: one alert.
                Alert.named("FlinkMonitoringNoAlertmanager").severity(WARNING)
                        .supersedesForTheJob("FlinkMonitoringNotificationsFailing")
                        .expr(s.metric("prometheus.alertmanagersDiscovered") + " < 1")
                        .forDuration(t.forDuration("medium"))
                        .summary("Prometheus is connected to no Alertmanager.")
                        .description("Prometheus {{ $labels.instance }} has discovered no Alertmanager for "
                                + t.forDuration("medium") + ": no alert reaches anyone.")
                        .build(),
                Alert.named("FlinkMonitoringConfigReloadFailed").severity(WARNING)
                        .expr(s.metric("prometheus.configReloadSuccessful") + " == 0 or "
                                + s.metric("alertmanager.configReloadSuccessful") + " == 0")
                        .forDuration(t.forDuration("medium"))
                        .summary("Prometheus or Alertmanager runs an old configuration: the last reload failed.")
                        .description("The last configuration reload of {{ $labels.job }} {{ $labels.instance }} failed;"
                                + " it still runs the configuration it had before.")
                        .build(),
                Alert.named("FlinkMonitoringAlertmanagerSendFailing").severity(WARNING)
                        .expr("increase(" + s.metric("alertmanager.notificationsFailed") + "[" + window + "]) > 0")
                        .forDuration(t.forDuration("short"))
                        .summary("Alertmanager fails to deliver notifications.")
                        .description("Alertmanager {{ $labels.instance }} failed to deliver notifications through"
                                + " {{ $labels.integration }} within the last " + window + ".")
                        .build(),
                Alert.named("FlinkMonitoringLokiRequestErrors").severity(WARNING)
                        .expr("sum by (job, instance, route) (increase(" + s.metric("loki.requests", "status_code=~\"5..\"")
                                + "[" + window + "])) > 0")
                        .forDuration(t.forDuration("short"))
                        .summary("Loki answers requests with server errors.")
                        .description("Loki {{ $labels.instance }} answered {{ $value | printf \"%.0f\" }} requests to"
                                + " {{ $labels.route }} with a 5xx status within the last " + window + ".")
                        .build(),
                Alert.named("FlinkMonitoringLokiDiscardingLines").severity(WARNING)
                        .expr("sum by (job, instance, reason) (increase(" + s.metric("loki.discardedSamples")
                                + "[" + window + "])) > 0")
                        .forDuration(t.forDuration("short"))
                        .summary("Loki discards log lines it was sent.")
                        .description("Loki {{ $labels.instance }} discarded {{ $value | printf \"%.0f\" }} log lines"
                                + " ({{ $labels.reason }}) within the last " + window + ".")
                        .build()));
    }

    private String ratio(String usedId, String maxId) {
        return s.metric(usedId) + " / " + s.metric(maxId);
    }
}
