package io.github.flinko11y.exporter.jvm;

/**
 * A binder whose gauges share one reading of the JVM per collect. {@link JvmBinding} calls {@link
 * #forgetSnapshot()} when a collect starts, so the first gauge read takes a fresh snapshot and a
 * value is never older than the collect that serves it.
 */
interface PerCollectSnapshot {

    /** Drops the snapshot of the previous collect. */
    void forgetSnapshot();
}
