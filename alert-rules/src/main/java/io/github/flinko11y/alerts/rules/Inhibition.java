package io.github.flinko11y.alerts.rules;

/** How an alert takes part in Alertmanager's inhibition of one job's alerts. */
public enum Inhibition {
    /** Neither silences nor is silenced. */
    NONE,
    /** The job is down: silences that job's {@link #JOB_SYMPTOM} alerts (same cluster, namespace, job_name). */
    JOB_DOWN,
    /** A consequence of a job being down; silenced while a {@link #JOB_DOWN} alert fires for the job. */
    JOB_SYMPTOM
}
