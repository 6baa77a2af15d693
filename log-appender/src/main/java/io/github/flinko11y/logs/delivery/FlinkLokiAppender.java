package io.github.flinko11y.logs.delivery;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.github.loki4j.client.batch.Batcher;
import com.github.loki4j.client.batch.LogRecord;
import com.github.loki4j.client.pipeline.PipelineConfig;
import com.github.loki4j.logback.Loki4jAppender;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * loki4j's appender, plus what Flink operators need from it: the logging call only queues the event
 * ({@link RenderHandOff}: loki4j would render the line on Flink's thread), every line is counted
 * until it is sent or dropped ({@link DeliveryCounters}, published over JMX for the exporter and summed up in a
 * periodic status line when something was dropped), and stopping drains within a deadline even
 * when Loki is unreachable, counting what is left as dropped.
 */
public class FlinkLokiAppender extends Loki4jAppender {

    static final long DEFAULT_DRAIN_TIMEOUT_MS = 10_000;
    static final long DEFAULT_DROP_REPORT_INTERVAL_MS = 60_000;
    static final long DEFAULT_MAX_PENDING_LINES = 50_000;
    private static final long DRAIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);


    private final DeliveryCounters counters = new DeliveryCounters();
    private long drainTimeoutMs = DEFAULT_DRAIN_TIMEOUT_MS;
    private long dropReportIntervalMs = DEFAULT_DROP_REPORT_INTERVAL_MS;
    private long maxPendingLines = DEFAULT_MAX_PENDING_LINES;
    private Batcher sizeCheck;
    private RenderHandOff handOff;
    /**
     * Whether the line being rendered reached loki4j's pipeline (it skips rendering when its send
     * queue is full). Only the render thread touches it.
     */
    private boolean reachedPipeline;
    private DropReport dropReport;
    private ObjectName objectName;
    private Thread exitDrain;

    /** Longest wait for unsent lines when stopping; then they are counted as dropped. */
    public void setDrainTimeoutMs(long drainTimeoutMs) {
        this.drainTimeoutMs = drainTimeoutMs;
    }

    /** How often to log a status line when lines were dropped since the last one; 0 turns it off. */
    public void setDropReportIntervalMs(long dropReportIntervalMs) {
        this.dropReportIntervalMs = dropReportIntervalMs;
    }

    /**
     * Most lines waiting in the appender at once. loki4j bounds only its send queue (in bytes); the
     * queue in front of its encoder is unbounded, so a burst faster than the encoder would grow the
     * heap without this cap.
     */
    public void setMaxPendingLines(long maxPendingLines) {
        this.maxPendingLines = maxPendingLines;
    }

    public DeliveryCounters counters() {
        return counters;
    }

    @Override
    protected PipelineConfig buildPipelineConfig() {
        PipelineConfig configured = super.buildPipelineConfig();
        sizeCheck = new Batcher(1, configured.batchMaxBytes, configured.batchTimeoutMs);
        return CountedPipelineConfig.of(configured, counters);
    }

    @Override
    public void start() {
        if (drainTimeoutMs < 0) {
            addError("drainTimeoutMs (FLINK_O11Y_LOKI_DRAIN_TIMEOUT_MS) is " + drainTimeoutMs
                    + ": must be 0 or more milliseconds; using " + DEFAULT_DRAIN_TIMEOUT_MS);
            drainTimeoutMs = DEFAULT_DRAIN_TIMEOUT_MS;
        }
        if (dropReportIntervalMs < 0) {
            addError("dropReportIntervalMs (FLINK_O11Y_LOKI_DROP_REPORT_INTERVAL_MS) is " + dropReportIntervalMs
                    + ": must be 0 (off) or more milliseconds; using " + DEFAULT_DROP_REPORT_INTERVAL_MS);
            dropReportIntervalMs = DEFAULT_DROP_REPORT_INTERVAL_MS;
        }
        if (maxPendingLines < 1) {
            addError("maxPendingLines (FLINK_O11Y_LOKI_QUEUE_MAX_LINES) is " + maxPendingLines
                    + ": must be at least 1 line; using " + DEFAULT_MAX_PENDING_LINES);
            maxPendingLines = DEFAULT_MAX_PENDING_LINES;
        }
        super.start();
        if (!isStarted()) {
            return;
        }
        handOff = new RenderHandOff(getName(), this::render);
        handOff.start();
        registerMBean();
        // Not logback's shutdown hook: it would stop the console and file appenders too, while
        // Flink's own shutdown hooks are still logging.
        exitDrain = new Thread(this::drainAtExit, "flink-o11y-loki-exit-drain");
        Runtime.getRuntime().addShutdownHook(exitDrain);
        if (dropReportIntervalMs > 0) {
            dropReport = new DropReport(getName(), counters, getContext(), dropReportIntervalMs);
            dropReport.start();
        }
    }

    /**
     * On Flink's thread: a check of the cap and a hand-off. The event's message, MDC and thread
     * name are captured here (as logback's own {@code AsyncAppender} does); rendering it into a
     * Loki line happens on the render thread.
     */
    @Override
    protected void append(ILoggingEvent event) {
        if (counters.pending() >= maxPendingLines) {
            counters.droppedQueueFull();
            return;
        }
        event.prepareForDeferredProcessing();
        counters.taken();
        handOff.offer(event);
    }

    /** On the render thread: loki4j renders the line and queues it for its encoder. */
    private void render(ILoggingEvent event) {
        reachedPipeline = false;
        try {
            super.append(event);
        } catch (RuntimeException | LinkageError e) {
            // Not expected (loki4j catches what rendering throws); the line is counted, the thread lives on.
            if (!reachedPipeline) {
                counters.droppedUnsendable();
            }
            addError("Loki appender failed to queue a log line; it is counted as dropped", e);
            return;
        }
        if (!reachedPipeline) {
            counters.refusedByPipeline();
        }
    }

    @Override
    public LogRecord eventToLogRecord(ILoggingEvent event) {
        reachedPipeline = true;
        LogRecord record;
        try {
            record = super.eventToLogRecord(event);
        } catch (RuntimeException e) {
            // loki4j reports it through logback's status and goes on without the line.
            counters.droppedUnsendable();
            throw e;
        }
        if (!sizeCheck.validateLogRecordSize(record)) {
            counters.droppedUnsendable();
        }
        return record;
    }

    /** Lines handed off by logging calls and not yet rendered (for tests and diagnostics; walks the queue). */
    public int linesAwaitingRender() {
        return handOff == null ? 0 : handOff.waiting();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        awaitDrained();
        handOff.stop();
        super.stop();
        settle();
        if (exitDrain != null && Thread.currentThread() != exitDrain) {
            try {
                Runtime.getRuntime().removeShutdownHook(exitDrain);
            } catch (IllegalStateException exiting) {
                // The JVM is exiting: the hook runs (or ran) anyway.
            }
        }
        if (dropReport != null) {
            dropReport.stop();
        }
        unregisterMBean();
    }

    /**
     * The JVM is exiting (SIGTERM from Kubernetes, or Flink's own exit): sends what is pending
     * within the deadline, while the other appenders keep writing Flink's last lines to its file.
     */
    private void drainAtExit() {
        awaitDrained();
        settle();
    }

    private void awaitDrained() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainTimeoutMs);
        while (counters.getLinesPending() > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(DRAIN_POLL_NANOS);
        }
    }

    /** Counts what was not sent by the deadline as dropped, and says so where kubectl logs sees it. */
    private void settle() {
        long unsent = counters.close();
        if (unsent > 0) {
            String message = "flink-o11y: Loki appender '" + getName() + "' dropped " + unsent
                    + " lines not sent within the shutdown deadline of " + drainTimeoutMs
                    + " ms (FLINK_O11Y_LOKI_DRAIN_TIMEOUT_MS); Loki was slow or unreachable";
            addWarn(message);
            System.err.println(message);
        }
    }

    private void registerMBean() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            objectName = new ObjectName(DeliveryCounters.OBJECT_NAME_PREFIX + ObjectName.quote(getName()));
            try {
                server.registerMBean(counters, objectName);
            } catch (InstanceAlreadyExistsException previous) {
                // A previous logback configuration of this JVM that was not stopped: the live one wins.
                server.unregisterMBean(objectName);
                server.registerMBean(counters, objectName);
            }
        } catch (JMException | RuntimeException e) {
            addWarn("Loki appender counters not published over JMX (the exporter will not serve them): " + e, e);
            objectName = null;
        }
    }

    private void unregisterMBean() {
        if (objectName == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(objectName);
        } catch (JMException e) {
            // Replaced by a newer configuration already.
        }
        objectName = null;
    }
}
