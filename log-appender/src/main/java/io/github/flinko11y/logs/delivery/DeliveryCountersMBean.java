package io.github.flinko11y.logs.delivery;

/**
 * What the Loki appender of this JVM delivered and lost, read over JMX by the flink-o11y exporter
 * (a Flink plugin in another class loader, so JMX is the only thing both sides share). Object name
 * {@value DeliveryCounters#OBJECT_NAME_PREFIX}{@code <appender name>}.
 */
public interface DeliveryCountersMBean {

    /** Lines Loki accepted (2xx). */
    long getLinesSent();

    /** Lines that will never reach Loki: the sum of the three reasons below. */
    long getLinesDropped();

    /** Lines refused because the appender's queue was full: at the logging call (too many lines pending) or by loki4j (send queue full). */
    long getLinesDroppedQueueFull();

    /** Lines in batches Loki rejected or that failed after every retry; lines larger than a batch or failing to render. */
    long getLinesDroppedRejected();

    /** Lines still waiting when the shutdown deadline passed. */
    long getLinesDroppedAtShutdown();

    /** Batches given up: rejected by Loki (e.g. 400) or failed after every retry. */
    long getSendErrors();

    /** Lines taken but neither sent nor dropped yet: waiting to be rendered, batched, queued or in flight. */
    long getLinesPending();
}
