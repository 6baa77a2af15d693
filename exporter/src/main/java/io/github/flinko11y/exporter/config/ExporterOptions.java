package io.github.flinko11y.exporter.config;

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

    public static List<ExporterOption> all() {
        return Collections.unmodifiableList(
                Arrays.asList(PORT, FILTER_LABEL_VALUE_CHARACTERS, ALLOW_LIST));
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
                        ALLOW_LIST));
    }
}
