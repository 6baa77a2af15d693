package io.github.flinko11y.exporter.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The settings of the pull exporter ({@link #all()}; names and defaults equal Flink's
 * PrometheusReporter's) and the list of the Pushgateway reporter's ({@link #push()}).
 */
public final class ExporterOptions {

    public static final ExporterOption PORT =
            new ExporterOption(
                    "port",
                    "9249",
                    "Port of the /metrics endpoint: one port (9249), a range (9250-9260) or a"
                            + " comma-separated list of both; the first free port wins, so a"
                            + " JobManager and TaskManagers on one host can each serve. 0 picks any"
                            + " free port. Startup fails, naming this key, when none can be bound.");

    public static final ExporterOption HOST =
            new ExporterOption(
                    "host",
                    "",
                    "Address the endpoint binds to: an IP address or host name of this machine,"
                            + " e.g. 127.0.0.1 to serve only clients on the same host or pod (a"
                            + " sidecar). Empty binds all interfaces, as Flink's reporter does."
                            + " Startup fails, naming this key, when the name does not resolve or is"
                            + " not an address of this machine.");

    public static final ExporterOption FILTER_LABEL_VALUE_CHARACTERS =
            new ExporterOption(
                    "filterLabelValueCharacters",
                    "true",
                    "Replace characters outside [a-zA-Z0-9:_] in label values by '_' (as Flink"
                            + " does). Set to false to keep task and operator names as they are;"
                            + " they are then escaped as the text format requires.");

    public static final ExporterOption ALLOW_LIST =
            new ExporterOption(
                    "allowList",
                    "",
                    "Comma-separated substrings; when set, only metrics whose"
                            + " '<logical scope>.<metric name>' contains one of them are exported"
                            + " (as in Flink's reporter).");

    public static final ExporterOption SEMANTICS =
            new ExporterOption(
                    "semantics",
                    "flink",
                    "flink: names and types exactly as Flink's PrometheusReporter (counters and meters"
                            + " are gauges, histograms are summaries without _sum), text format 0.0.4"
                            + " only. modern: Flink counters become Prometheus counters (<name>_total,"
                            + " TYPE counter, so rate() works), histograms add <name>_sum (count x"
                            + " window mean) and <name>_min / <name>_max gauges, and OpenMetrics 1.0"
                            + " text is served when the scraper's Accept header asks for it.");

    public static final ExporterOption MAX_SAMPLE_LINES =
            new ExporterOption(
                    "maxSampleLines",
                    "0",
                    "Cap on the Flink sample lines one scrape exports (a histogram counts as all"
                            + " its lines); 0 = no cap. Over the cap the most detailed metrics are left"
                            + " out first (most labels, i.e. operator before task before job and"
                            + " process level; then by name and labels), so the same registrations"
                            + " always give the same output. The sample lines left out are counted in"
                            + " flinko11y_exporter_sample_lines_dropped.")
                    .renamedFrom("maxSeries");

    public static final ExporterOption MAX_LABEL_VALUE_LENGTH =
            new ExporterOption(
                    "maxLabelValueLength",
                    "0",
                    "Longest label value exported, in characters; 0 = no limit (as Flink)."
                            + " A longer value (typically a task name of many chained operators) is"
                            + " cut and ends in '~' plus 8 hex digits of a hash of the whole value,"
                            + " so distinct values stay distinct. At least 16.");

    public static final ExporterOption JVM_STATS =
            new ExporterOption(
                    "jvmStats.enabled",
                    "true",
                    "Serve the JVM statistics of Micrometer's binders (jvm_*, process_*, system_*)"
                            + " with labels naming the Flink process; see docs/jvm-metrics.md.");

    public static final ExporterOption SELF_METRICS =
            new ExporterOption(
                    "selfMetrics.enabled",
                    "true",
                    "Serve the exporter's own figures (flinko11y_exporter_*: scrape duration, sample"
                            + " lines exported and dropped, read errors, push failures).");

    /** Keys Flink itself reads under the same prefix and passes on to every reporter. */
    static final List<String> FLINK_KEYS =
            Collections.unmodifiableList(
                    Arrays.asList(
                            "factory.class",
                            "class",
                            "interval",
                            "scope.delimiter",
                            "scope.variables.excludes",
                            "scope.variables.additional",
                            "filter.includes",
                            "filter.excludes"));

    private ExporterOptions() {}

    /** Every setting, in the order of the configuration reference. */
    public static List<ExporterOption> all() {
        List<ExporterOption> all = new ArrayList<>(Arrays.asList(
                PORT,
                HOST,
                FILTER_LABEL_VALUE_CHARACTERS,
                ALLOW_LIST,
                SEMANTICS,
                MAX_SAMPLE_LINES,
                MAX_LABEL_VALUE_LENGTH,
                JVM_STATS,
                SELF_METRICS));
        all.addAll(EndpointSecurityOptions.all());
        return Collections.unmodifiableList(all);
    }

    /** The settings of the Pushgateway reporter: its own, then those it shares with the pull exporter. */
    public static List<ExporterOption> push() {
        return Collections.unmodifiableList(
                Arrays.asList(
                        PushGatewayOptions.HOST_URL,
                        PushGatewayOptions.JOB_NAME,
                        PushGatewayOptions.RANDOM_JOB_NAME_SUFFIX,
                        PushGatewayOptions.GROUPING_KEY,
                        PushGatewayOptions.DELETE_ON_SHUTDOWN,
                        PushGatewayOptions.USERNAME,
                        PushGatewayOptions.PASSWORD,
                        FILTER_LABEL_VALUE_CHARACTERS,
                        ALLOW_LIST,
                        SEMANTICS,
                        MAX_SAMPLE_LINES,
                        MAX_LABEL_VALUE_LENGTH,
                        JVM_STATS,
                        SELF_METRICS));
    }
}
