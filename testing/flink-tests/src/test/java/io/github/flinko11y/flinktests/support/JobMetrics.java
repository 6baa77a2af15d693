package io.github.flinko11y.flinktests.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.executiongraph.ExecutionGraphID;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskManagerJobMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.scheduler.strategy.ExecutionVertexID;

/**
 * The metric groups a TaskManager creates for one running job: job → one task per subtask of a
 * chain → one group per operator, each with Flink's own task and operator IO metrics (created by
 * flink-runtime) plus one user metric of every kind: counter, meter, Integer/Double/Boolean gauges
 * and a {@link DescriptiveStatisticsHistogram}.
 */
public final class JobMetrics {

    /** User metrics every operator gets; names as a user would pick them. */
    public static final String COUNTER = "recordsProcessed";
    public static final String METER = "recordsProcessedPerSecond";
    public static final String INT_GAUGE = "queueLength";
    public static final String DOUBLE_GAUGE = "lagSeconds";
    public static final String BOOLEAN_GAUGE = "isCaughtUp";
    public static final String HISTOGRAM = "recordSizeBytes";

    private final TaskManagerMetricGroup taskManager;
    private final JobID jobId;
    private final TaskManagerJobMetricGroup jobGroup;
    private final List<TaskMetricGroup> tasks;
    private final List<InternalOperatorMetricGroup> operators;

    private JobMetrics(
            TaskManagerMetricGroup taskManager,
            JobID jobId,
            TaskManagerJobMetricGroup jobGroup,
            List<TaskMetricGroup> tasks,
            List<InternalOperatorMetricGroup> operators) {
        this.taskManager = taskManager;
        this.jobId = jobId;
        this.jobGroup = jobGroup;
        this.tasks = tasks;
        this.operators = operators;
    }

    /**
     * Registers a job whose one chain ({@code operatorNames} joined by {@code " -> "}, as Flink
     * names chained tasks) runs with {@code parallelism} subtasks on this TaskManager.
     */
    public static JobMetrics register(
            TaskManagerMetricGroup taskManager, JobID jobId, String jobName, int parallelism,
            String... operatorNames) {
        TaskManagerJobMetricGroup job = taskManager.addJob(jobId, jobName);
        String taskName = String.join(" -> ", operatorNames);
        JobVertexID vertex = new JobVertexID();
        ExecutionGraphID graph = new ExecutionGraphID();
        List<TaskMetricGroup> tasks = new ArrayList<>();
        List<InternalOperatorMetricGroup> operators = new ArrayList<>();
        for (int subtask = 0; subtask < parallelism; subtask++) {
            ExecutionAttemptID attempt =
                    new ExecutionAttemptID(graph, new ExecutionVertexID(vertex, subtask), 0);
            TaskMetricGroup task = job.addTask(attempt, taskName);
            tasks.add(task);
            for (String operatorName : operatorNames) {
                InternalOperatorMetricGroup operator = task.getOrAddOperator(operatorName);
                addUserMetrics(operator, subtask + 1);
                operators.add(operator);
            }
        }
        return new JobMetrics(taskManager, jobId, job,
                Collections.unmodifiableList(tasks), Collections.unmodifiableList(operators));
    }

    /** One metric of each kind, with values derived from {@code seed} so series differ. */
    public static void addUserMetrics(MetricGroup group, int seed) {
        Counter counter = group.counter(COUNTER);
        counter.inc(100L * seed);
        group.meter(METER, new MeterView(counter, 60));
        group.gauge(INT_GAUGE, () -> 7 * seed);
        group.gauge(DOUBLE_GAUGE, () -> 0.25 * seed);
        group.gauge(BOOLEAN_GAUGE, () -> seed % 2 == 0);
        Histogram histogram = group.histogram(HISTOGRAM, new DescriptiveStatisticsHistogram(1000));
        for (int i = 1; i <= 200; i++) {
            histogram.update((long) i * seed);
        }
    }

    public TaskManagerJobMetricGroup jobGroup() {
        return jobGroup;
    }

    public List<TaskMetricGroup> tasks() {
        return tasks;
    }

    public List<InternalOperatorMetricGroup> operators() {
        return operators;
    }

    /**
     * Removes the job as a TaskManager does when the job leaves it: the job group is closed, which
     * closes its tasks and operators and unregisters all their metrics.
     */
    public void close() {
        taskManager.removeJobMetricsGroup(jobId);
    }
}
