package io.github.flinko11y.catalog;

import java.util.List;

/** One entry of {@code flink-metrics.json}: a series as the exporter (or the demo job) serves it. */
public final class Metric {

    private final String id;
    private final String name;
    private final String scope;
    private final String type;
    private final String unit;
    private final String source;
    private final boolean plainStreamingJob;
    private final List<String> absentOn;
    private final String help;
    private final String note;

    Metric(String id, String name, String scope, String type, String unit, String source, boolean plainStreamingJob,
            List<String> absentOn, String help, String note) {
        this.id = id;
        this.name = name;
        this.scope = scope;
        this.type = type;
        this.unit = unit;
        this.source = source;
        this.plainStreamingJob = plainStreamingJob;
        this.absentOn = List.copyOf(absentOn);
        this.help = help;
        this.note = note;
    }

    /** The catalog id rules and dashboards use ({@code job.numRestarts}). */
    public String id() {
        return id;
    }

    /** The Prometheus name ({@code flink_jobmanager_job_numRestarts}). */
    public String name() {
        return name;
    }

    /** The key of its label set in {@code labels.json}. */
    public String scope() {
        return scope;
    }

    /** {@code gauge}, {@code counter} or {@code summary}. */
    public String type() {
        return type;
    }

    /** Grafana's unit id. */
    public String unit() {
        return unit;
    }

    /**
     * Who serves it: {@code flink}, {@code exporter-jvm}, {@code exporter-self}, {@code log-appender}, {@code demo-job},
     * the stack's {@code prometheus}, {@code alertmanager}, {@code loki}, or Kubernetes' {@code kube-state-metrics},
     * {@code cadvisor} and {@code flink-kubernetes-operator}.
     */
    public String source() {
        return source;
    }

    /** Served by any streaming job on a MiniCluster (checked live by flink-tests). */
    public boolean plainStreamingJob() {
        return plainStreamingJob;
    }

    /** Flink versions (major.minor) that do not serve it. */
    public List<String> absentOn() {
        return absentOn;
    }

    public boolean absentOn(String flinkVersion) {
        return absentOn.contains(flinkVersion);
    }

    public String help() {
        return help;
    }

    /** Why it is absent somewhere, or another caveat; empty if none. */
    public String note() {
        return note;
    }

    @Override
    public String toString() {
        return id + " (" + name + ")";
    }
}
