package io.github.flinko11y.exporter.jvm;

import io.github.flinko11y.exporter.naming.PrometheusNames;
import java.util.Map;
import org.apache.flink.metrics.MetricGroup;

/**
 * Which Flink process this JVM is, learnt from the metric groups a reporter sees, as the labels
 * {@code component}, {@code host} and {@code tm_id} that JVM statistics carry.
 *
 * <ul>
 *   <li>{@code component}: {@code jobmanager}, {@code taskmanager}, or {@code jobmanager,taskmanager}
 *       when one JVM runs both (MiniCluster, local mode).
 *   <li>{@code host}: Flink's {@code <host>} of the TaskManager, else of the JobManager.
 *   <li>{@code tm_id}: Flink's {@code <tm_id>}, only when exactly one TaskManager was seen, so it
 *       joins with Flink's TaskManager series.
 * </ul>
 *
 * <p>A TaskManager group is one with a {@code <tm_id>} variable, or (when that variable is excluded
 * by {@code scope.variables.excludes}) one whose logical scope starts with {@code taskmanager}; a
 * JobManager group is one whose logical scope starts with {@code jobmanager}. What was seen is
 * never forgotten: a TaskManager that leaves a MiniCluster still counts.
 *
 * <p>{@link #observe} is called for every metric Flink adds, from Flink's threads; it costs a map
 * look-up once the process is known and nothing at all once nothing more can be learnt.
 */
public final class ProcessIdentity {

    static final String TM_ID = "<tm_id>";
    static final String HOST = "<host>";
    static final String JOBMANAGER = "jobmanager";
    static final String TASKMANAGER = "taskmanager";

    private final boolean filterLabelValueCharacters;
    private final Object lock = new Object();

    // Written under lock, read without it on the fast path.
    private volatile boolean jobManager;
    private volatile boolean taskManager;
    private volatile String firstTaskManagerId;
    private volatile boolean severalTaskManagers;
    /** Both components and more than one TaskManager: no group can change the labels any more. */
    private volatile boolean settled;
    private volatile IdentityLabels labels = IdentityLabels.NONE;

    // Guarded by lock.
    private String jobManagerHost;
    private String taskManagerHost;

    /** {@code filterLabelValueCharacters}: the exporter's option of the same name. */
    public ProcessIdentity(boolean filterLabelValueCharacters) {
        this.filterLabelValueCharacters = filterLabelValueCharacters;
    }

    /** Learns from one group; never throws (a group that cannot tell its variables teaches nothing). */
    public void observe(MetricGroup group) {
        if (settled || group == null) {
            return;
        }
        try {
            Map<String, String> variables = group.getAllVariables();
            String tmId = variables.get(TM_ID);
            if (tmId != null) {
                if (!severalTaskManagers && !tmId.equals(firstTaskManagerId)) {
                    learnTaskManager(tmId, variables.get(HOST));
                }
            } else if (!jobManager || !taskManager) {
                // The exporter's own call: Flink caches one logical scope per reporter, so it is free.
                String scope = PrometheusNames.logicalScope(group);
                if (!jobManager && startsWithComponent(scope, JOBMANAGER)) {
                    learnJobManager(variables.get(HOST));
                } else if (!taskManager && startsWithComponent(scope, TASKMANAGER)) {
                    learnTaskManager(null, variables.get(HOST));
                }
            }
        } catch (RuntimeException e) {
            // Not a group Flink made (no logical scope): it says nothing about the process.
        }
    }

    /** The labels as of now: empty before anything identifying was observed. */
    public IdentityLabels labels() {
        return labels;
    }

    private void learnJobManager(String host) {
        synchronized (lock) {
            if (jobManager) {
                return;
            }
            jobManagerHost = host;
            jobManager = true;
            update();
        }
    }

    private void learnTaskManager(String tmId, String host) {
        synchronized (lock) {
            if (!taskManager) {
                taskManager = true;
                taskManagerHost = host;
            }
            if (tmId != null) {
                if (firstTaskManagerId == null) {
                    firstTaskManagerId = tmId;
                    taskManagerHost = host;
                } else if (!firstTaskManagerId.equals(tmId)) {
                    severalTaskManagers = true;
                }
            }
            update();
        }
    }

    /** Called under lock. */
    private void update() {
        String component = jobManager && taskManager
                ? JOBMANAGER + "," + TASKMANAGER
                : jobManager ? JOBMANAGER : TASKMANAGER;
        String host = taskManager && taskManagerHost != null ? taskManagerHost : jobManagerHost;
        String tmId = severalTaskManagers ? null : firstTaskManagerId;
        labels = IdentityLabels.of(component, host == null ? null : labelValue(host), tmId == null ? null : labelValue(tmId));
        settled = jobManager && severalTaskManagers;
    }

    /** As the exporter writes Flink's label values, so {@code host} and {@code tm_id} join. */
    private String labelValue(String value) {
        return filterLabelValueCharacters ? PrometheusNames.replaceInvalidChars(value) : value;
    }

    /**
     * Whether the first scope component is {@code component}, whatever the delimiter: Flink caches a
     * reporter's logical scope with the delimiter of the first call, {@code _} or {@code .}.
     */
    static boolean startsWithComponent(String logicalScope, String component) {
        if (!logicalScope.startsWith(component)) {
            return false;
        }
        if (logicalScope.length() == component.length()) {
            return true;
        }
        char next = logicalScope.charAt(component.length());
        return !Character.isLetterOrDigit(next);
    }
}
