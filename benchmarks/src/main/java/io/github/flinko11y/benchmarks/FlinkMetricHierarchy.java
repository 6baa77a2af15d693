package io.github.flinko11y.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.CharacterFilter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.executiongraph.ExecutionGraphID;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.metrics.MetricRegistryConfiguration;
import org.apache.flink.runtime.metrics.MetricRegistryImpl;
import org.apache.flink.runtime.metrics.ReporterSetup;
import org.apache.flink.runtime.metrics.filter.ReporterFilter;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskManagerJobMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.MetricUtils;
import org.apache.flink.runtime.scheduler.strategy.ExecutionVertexID;

/**
 * A TaskManager's metrics built by Flink 2.3's own runtime classes: {@code MetricRegistryImpl},
 * {@code MetricUtils.instantiateTaskManagerMetricGroup} (JVM status metrics), {@code
 * TaskManagerJobMetricGroup.addTask} (the task I/O metrics of {@code TaskIOMetricGroup}) and {@code
 * TaskMetricGroup.getOrAddOperator} (operator I/O metrics). What the streaming runtime and the
 * network stack add on top (back-pressure, checkpoint and shuffle gauges, watermarks, source
 * lags) is registered through the same group API under the names Flink uses, plus one
 * {@link DescriptiveStatisticsHistogram} per operator.
 *
 * <p>Every call the registry makes to its reporter is recorded and replayed into each reporter
 * under test, so both see the very same metric objects and {@code FrontMetricGroup}s.
 */
final class FlinkMetricHierarchy {

    /** Flink's default {@code metrics.latency.history-size}. */
    static final int OPERATOR_HISTOGRAM_WINDOW = 128;

    /** Sample lines a histogram is exported as: {@code _count} and six quantiles. */
    static final int LINES_PER_HISTOGRAM = 7;

    /** The three vertices of every job: task name and the chained operators' names. */
    private static final String[][] PIPELINE = {
        {"Source: orders-kafka -> Filter: valid orders -> Map: enrich with customer",
            "Source: orders-kafka", "Filter: valid orders", "Map: enrich with customer"},
        {"Window(TumblingEventTimeWindows(60000), EventTimeTrigger, OrderAggregate) -> Map: to row",
            "Window(TumblingEventTimeWindows(60000), EventTimeTrigger, OrderAggregate)",
            "Map: to row"},
        {"Sink: Writer -> Sink: Committer", "Sink: Writer", "Sink: Committer"},
    };

    private static final String[] JOB_NAMES = {
        "orders-enrichment", "payments-fraud-score", "clickstream-sessions", "inventory-sync"
    };

    private static final Pattern NOT_ALLOWED = Pattern.compile("[^a-zA-Z0-9:_]");

    /** The character filter of both reporters, used to fill Flink's logical-scope cache. */
    private static final CharacterFilter PROMETHEUS_FILTER =
            input -> NOT_ALLOWED.matcher(input).replaceAll("_");

    private final List<Registration> registrations;
    private final ValueChanger values;
    private final int expectedSeries;
    private final String shape;

    private FlinkMetricHierarchy(
            List<Registration> registrations, ValueChanger values, int expectedSeries, String shape) {
        this.registrations = registrations;
        this.values = values;
        this.expectedSeries = expectedSeries;
        this.shape = shape;
    }

    /** Adds jobs, subtasks and operators until about {@code targetSeries} sample lines exist. */
    static FlinkMetricHierarchy build(int targetSeries) throws Exception {
        Random random = new Random(42);
        RecordingReporter recorder = new RecordingReporter();
        MetricRegistryImpl registry =
                new MetricRegistryImpl(
                        MetricRegistryConfiguration.fromConfiguration(new Configuration(), Long.MAX_VALUE),
                        List.of(
                                new ReporterSetup(
                                        "recorder",
                                        new MetricConfig(),
                                        recorder,
                                        ReporterFilter.getNoOpFilter(),
                                        Map.of())));
        ValueChanger values = new ValueChanger(random);
        int jobs = 0;
        int tasks = 0;
        int operators = 0;
        try {
            TaskManagerMetricGroup taskManager =
                    MetricUtils.instantiateTaskManagerMetricGroup(
                                    registry,
                                    "10.42.3.17",
                                    new ResourceID("flink-session-taskmanager-1-7"),
                                    Optional.empty())
                            .f0;
            addTaskManagerServiceMetrics(taskManager, values);

            int subtasksPerVertex = subtasksPerVertex(targetSeries);
            while (recorder.series() < targetSeries) {
                TaskManagerJobMetricGroup job =
                        taskManager.addJob(
                                new JobID(random.nextLong(), random.nextLong()),
                                JOB_NAMES[jobs % JOB_NAMES.length] + "-" + jobs);
                jobs++;
                ExecutionGraphID graph = new ExecutionGraphID(randomBytes(random));
                JobVertexID[] vertices = new JobVertexID[PIPELINE.length];
                OperatorID[][] operatorIds = new OperatorID[PIPELINE.length][];
                for (int v = 0; v < PIPELINE.length; v++) {
                    vertices[v] = new JobVertexID(random.nextLong(), random.nextLong());
                    operatorIds[v] = new OperatorID[PIPELINE[v].length - 1];
                    for (int o = 0; o < operatorIds[v].length; o++) {
                        operatorIds[v][o] =
                                o == 0
                                        ? OperatorID.fromJobVertexID(vertices[v])
                                        : new OperatorID(random.nextLong(), random.nextLong());
                    }
                }
                // Slot sharing: each slot runs one subtask of every vertex.
                for (int subtask = 0;
                        subtask < subtasksPerVertex && recorder.series() < targetSeries;
                        subtask++) {
                    for (int v = 0; v < PIPELINE.length; v++) {
                        TaskMetricGroup task =
                                job.addTask(
                                        new ExecutionAttemptID(
                                                graph, new ExecutionVertexID(vertices[v], subtask), 0),
                                        PIPELINE[v][0]);
                        tasks++;
                        addStreamTaskMetrics(task, values);
                        for (int o = 0; o < operatorIds[v].length; o++) {
                            InternalOperatorMetricGroup operator =
                                    task.getOrAddOperator(operatorIds[v][o], PIPELINE[v][o + 1], Map.of());
                            operators++;
                            addOperatorMetrics(operator, values, v, o, random);
                        }
                    }
                }
            }
        } finally {
            // Stops the view updater: the benchmark updates meters itself, between scrapes.
            registry.closeAsync().get(30, TimeUnit.SECONDS);
        }
        List<Registration> registrations = recorder.registrations();
        values.collect(registrations);
        fillScopeAndVariableCaches(registrations);
        String shape =
                String.format(
                        "1 TaskManager, %d jobs, %d subtasks (up to %d per vertex, 3 vertices per"
                                + " job), %d operators; %d metrics registered",
                        jobs, tasks, subtasksPerVertex(targetSeries), operators, registrations.size());
        return new FlinkMetricHierarchy(registrations, values, seriesOf(registrations), shape);
    }

    /** A bigger TaskManager runs more slots, so more subtasks of each job. */
    private static int subtasksPerVertex(int targetSeries) {
        return Math.max(1, Math.min(32, targetSeries / 3000));
    }

    /**
     * Computes every group's logical scope and variables once, before either reporter is timed.
     * Flink caches both per reporter slot, so whichever reporter ran first would otherwise pay for
     * them alone.
     */
    private static void fillScopeAndVariableCaches(List<Registration> registrations) {
        for (Registration r : registrations) {
            LogicalScopeProvider.castFrom(r.group()).getLogicalScope(PROMETHEUS_FILTER, '_');
            r.group().getAllVariables();
        }
    }

    /** Sample lines the registrations export: one per metric, seven per histogram. */
    static int seriesOf(List<Registration> registrations) {
        int series = 0;
        for (Registration r : registrations) {
            series += r.metric() instanceof Histogram ? LINES_PER_HISTOGRAM : 1;
        }
        return series;
    }

    /** What TaskManagerServices registers besides the JVM status metrics. */
    private static void addTaskManagerServiceMetrics(TaskManagerMetricGroup tm, ValueChanger values) {
        MetricGroup status = tm.addGroup("Status");
        MetricGroup managed = status.addGroup("Flink").addGroup("Memory").addGroup("Managed");
        managed.gauge("Used", values.gauge(1 << 20));
        managed.gauge("Total", constant(512L << 20));
        MetricGroup netty = status.addGroup("Shuffle").addGroup("Netty");
        for (String name :
                new String[] {"AvailableMemorySegments", "UsedMemorySegments", "TotalMemorySegments",
                    "AvailableMemory", "UsedMemory", "TotalMemory"}) {
            netty.gauge(name, values.gauge(32));
        }
        netty.gauge("RequestedMemoryUsage", values.doubleGauge());
    }

    /**
     * What the task, its input gates and result partitions and the stream task add to the task
     * group beyond {@code TaskIOMetricGroup}.
     */
    private static void addStreamTaskMetrics(TaskMetricGroup task, ValueChanger values) {
        task.gauge("isBackPressured", values.booleanGauge());
        task.gauge("checkpointAlignmentTime", values.gauge(1000));
        task.gauge("checkpointStartDelayNanos", values.gauge(100_000));
        MetricGroup netty = task.addGroup("Shuffle").addGroup("Netty");
        MetricGroup input = netty.addGroup("Input");
        MetricGroup inputBuffers = input.addGroup("Buffers");
        inputBuffers.gauge("inputQueueLength", values.gauge(4));
        inputBuffers.gauge("inputQueueSize", values.gauge(32 * 1024));
        inputBuffers.gauge("inPoolUsage", values.doubleGauge());
        inputBuffers.gauge("inputFloatingBuffersUsage", values.doubleGauge());
        inputBuffers.gauge("inputExclusiveBuffersUsage", values.doubleGauge());
        MetricGroup outputBuffers = netty.addGroup("Output").addGroup("Buffers");
        outputBuffers.gauge("outputQueueLength", values.gauge(4));
        outputBuffers.gauge("outputQueueSize", values.gauge(32 * 1024));
        outputBuffers.gauge("outPoolUsage", values.doubleGauge());
        for (String name : new String[] {"numBytesInLocal", "numBytesInRemote", "numBuffersInLocal",
            "numBuffersInRemote"}) {
            input.meter(name + "PerSecond", new MeterView(input.counter(name)));
        }
    }

    /** Watermarks (every stream operator), source and sink metrics, and one user histogram. */
    private static void addOperatorMetrics(
            InternalOperatorMetricGroup operator, ValueChanger values, int vertex, int index,
            Random random) {
        operator.gauge("currentInputWatermark", values.gauge(1_700_000_000_000L));
        operator.gauge("currentOutputWatermark", values.gauge(1_700_000_000_000L));
        if (vertex == 0 && index == 0) {
            operator.gauge("currentEmitEventTimeLag", values.gauge(250));
            operator.gauge("currentFetchEventTimeLag", values.gauge(200));
            operator.gauge("sourceIdleTime", values.gauge(10));
            operator.gauge("pendingRecords", values.gauge(10_000));
            operator.counter("numRecordsInErrors");
        }
        if (vertex == PIPELINE.length - 1 && index == 0) {
            operator.counter("numRecordsSendErrors");
            operator.gauge("currentSendTime", values.gauge(5));
        }
        DescriptiveStatisticsHistogram histogram =
                new DescriptiveStatisticsHistogram(OPERATOR_HISTOGRAM_WINDOW);
        for (int i = 0; i < OPERATOR_HISTOGRAM_WINDOW; i++) {
            histogram.update(random.nextInt(1000));
        }
        operator.histogram("recordProcessingTimeMs", histogram);
    }

    private static Gauge<Long> constant(long value) {
        return () -> value;
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return bytes;
    }

    List<Registration> registrations() {
        return registrations;
    }

    ValueChanger values() {
        return values;
    }

    /** Sample lines a reporter that exports every metric should write. */
    int expectedSeries() {
        return expectedSeries;
    }

    String shape() {
        return shape;
    }
}
