package io.github.flinko11y.exporter.config;

/**
 * The settings only the Pushgateway reporter has. Names and defaults equal Flink's
 * PrometheusPushGatewayReporter's; {@link ExporterOptions#push()} lists them with the shared ones.
 */
public final class PushGatewayOptions {

    public static final ExporterOption HOST_URL =
            new ExporterOption(
                    "hostUrl",
                    "",
                    "Required. URL of the Pushgateway with scheme, host and port, e.g."
                            + " http://pushgateway:9091; https works too, and a path prefix when the"
                            + " gateway is served under one. Credentials go in username and password,"
                            + " not in the URL.");

    public static final ExporterOption JOB_NAME =
            new ExporterOption(
                    "jobName",
                    "",
                    "Value of the job label of the pushed group. With randomJobNameSuffix the"
                            + " random suffix is appended to it directly, as Flink does.");

    public static final ExporterOption RANDOM_JOB_NAME_SUFFIX =
            new ExporterOption(
                    "randomJobNameSuffix",
                    "true",
                    "Append 32 random hex digits to jobName, so that the JobManager and each"
                            + " TaskManager push a group of their own instead of replacing each"
                            + " other's. With false, jobName must be set, and the processes must"
                            + " differ in jobName or groupingKey.");

    public static final ExporterOption GROUPING_KEY =
            new ExporterOption(
                    "groupingKey",
                    "",
                    "More labels of the pushed group, as k1=v1;k2=v2. Names must be valid"
                            + " Prometheus label names other than job; values may hold any"
                            + " character but ';' (a '/' or an empty value is sent base64-encoded, as"
                            + " the Pushgateway requires). The Pushgateway sets these labels on every"
                            + " series of the group, replacing a Flink variable of the same name.");

    public static final ExporterOption DELETE_ON_SHUTDOWN =
            new ExporterOption(
                    "deleteOnShutdown",
                    "true",
                    "Delete the pushed group from the Pushgateway when the reporter closes, so the"
                            + " series of a stopped JobManager or TaskManager do not linger. Best"
                            + " effort: a killed process deletes nothing (FLINK-13787).");

    public static final ExporterOption USERNAME =
            new ExporterOption(
                    "username",
                    "",
                    "User for HTTP basic authentication with the Pushgateway; set together with"
                            + " password (one without the other stops the reporter at start).");

    public static final ExporterOption PASSWORD =
            new ExporterOption(
                    "password",
                    "",
                    "Password for HTTP basic authentication with the Pushgateway. Never logged.");

    private PushGatewayOptions() {}
}
