package io.github.flinko11y.exporter.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The settings of the pull exporter. Names and defaults equal Flink's PrometheusReporter's. */
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
        List<ExporterOption> all =
                new ArrayList<>(Arrays.asList(PORT, HOST, FILTER_LABEL_VALUE_CHARACTERS, ALLOW_LIST));
        all.addAll(EndpointSecurityOptions.all());
        return Collections.unmodifiableList(all);
    }
}
