package io.github.flinko11y.alerts.rules;

/**
 * How an alert takes part in Alertmanager's inhibition, so one root cause notifies once: the alert
 * for the cause silences the alerts for its consequences.
 */
public enum Inhibition {
    /** Neither silences nor is silenced by role (it may still supersede or be superseded by name). */
    NONE,
    /**
     * The Flink cluster cannot run its jobs (no TaskManager): silences the cluster's
     * {@link #JOB_DOWN}, {@link #JOB_SYMPTOM} and {@link #CLUSTER_SYMPTOM} alerts (same cluster key).
     */
    CLUSTER_DOWN,
    /** A consequence of a cluster-wide cause; silenced while a {@link #CLUSTER_DOWN} alert fires. */
    CLUSTER_SYMPTOM,
    /** The job is down: silences that job's {@link #JOB_SYMPTOM} alerts (same cluster key and job name). */
    JOB_DOWN,
    /** A consequence of a job being down; silenced while a {@link #JOB_DOWN} or {@link #CLUSTER_DOWN} alert fires. */
    JOB_SYMPTOM
}
