package io.github.flinko11y.stack;

import io.github.flinko11y.demo.fault.Fault;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the local demo (and the live fault matrix) can do to the stack, by the word an operator
 * types: the job's own faults (switched through its fault file) and what happens to a job from
 * outside (a killed process, a cancel, a planned rescale). {@link LocalStack#heal()} undoes any of them.
 */
public enum DemoFault {
    RESTART_LOOP(Fault.RESTART_LOOP, "the fraud detector throws on every record: the job restarts over and over"),
    CHECKPOINT_FAILURE(null, "the checkpoint storage becomes unwritable: every checkpoint fails, the job keeps running"),
    BACKPRESSURE(Fault.BACKPRESSURE, "the fraud detector takes 50 ms per record and back-pressures the source"),
    FAIL_JOB(Fault.FAIL_JOB, "the fraud detector throws an error Flink does not restart from: the job ends FAILED"),
    LAG(Fault.LAG, "the producer writes " + LocalStack.LAG_INPUT_RATE + " events/s while the job's source reads "
            + Fault.LAG_RECORDS_PER_SECOND + "/s per subtask: the backlog in Kafka grows"),
    KILL_TASKMANAGER(null, "the TaskManager process is killed (SIGKILL) and nothing replaces it"),
    CANCEL_JOB(null, "the job is cancelled (flink cancel)"),
    RESCALE(null, "a planned rescale in place to parallelism 1, as the autoscaler does (heal scales back)");

    private final Fault jobFault;
    private final String description;

    DemoFault(Fault jobFault, String description) {
        this.jobFault = jobFault;
        this.description = description;
    }

    /** The word typed at the demo's prompt, e.g. {@code kill-taskmanager}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String description() {
        return description;
    }

    /** The job's fault switch for this fault, or null when the fault strikes from outside the job. */
    Fault jobFault() {
        return jobFault;
    }

    /** The words of every fault, for help texts. */
    public static String words() {
        return Arrays.stream(values()).map(DemoFault::word).collect(Collectors.joining(" | "));
    }

    public static DemoFault parse(String word) {
        String normalized = word.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.word().equals(normalized)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + normalized + "'; type one of "
                        + words()));
    }
}
