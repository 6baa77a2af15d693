package io.github.flinko11y.logs;

import java.util.Locale;

/** Which Flink process is logging, detected from its main class or its log file name. */
public enum FlinkComponent {
    JOBMANAGER("jobmanager"),
    TASKMANAGER("taskmanager"),
    HISTORYSERVER("historyserver"),
    SQL_GATEWAY("sql-gateway"),
    CLIENT("client"),
    UNKNOWN("unknown");

    private final String labelValue;

    FlinkComponent(String labelValue) {
        this.labelValue = labelValue;
    }

    /** The value of the {@code component} label. */
    public String labelValue() {
        return labelValue;
    }

    /**
     * From the JVM's main class, as in the {@code sun.java.command} system property (first token).
     * Covers Flink's standalone, Kubernetes, YARN and application-mode entry points.
     */
    static FlinkComponent fromMainClass(String javaCommand) {
        if (javaCommand == null || javaCommand.isBlank()) {
            return UNKNOWN;
        }
        String mainClass = javaCommand.trim().split("\\s+", 2)[0];
        String simpleName = mainClass.substring(mainClass.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (!mainClass.startsWith("org.apache.flink.")) {
            return UNKNOWN;
        }
        if (simpleName.endsWith("clusterentrypoint")) {
            return JOBMANAGER;
        }
        if (simpleName.contains("taskexecutorrunner") || simpleName.contains("taskmanagerrunner")) {
            return TASKMANAGER;
        }
        if (simpleName.equals("historyserver")) {
            return HISTORYSERVER;
        }
        if (simpleName.startsWith("sqlgateway")) {
            return SQL_GATEWAY;
        }
        if (simpleName.equals("clifrontend")) {
            return CLIENT;
        }
        return UNKNOWN;
    }

    /**
     * From Flink's {@code log.file} system property: {@code flink-<user>-<daemon>-<id>-<host>.log}
     * written by {@code flink-daemon.sh} and {@code flink-console.sh}, or {@code jobmanager.log} /
     * {@code taskmanager.log} in native Kubernetes mode.
     */
    static FlinkComponent fromLogFile(String logFile) {
        if (logFile == null || logFile.isBlank()) {
            return UNKNOWN;
        }
        String name = logFile.substring(Math.max(logFile.lastIndexOf('/'), logFile.lastIndexOf('\\')) + 1)
                .toLowerCase(Locale.ROOT);
        if (name.contains("taskexecutor") || name.contains("taskmanager")) {
            return TASKMANAGER;
        }
        if (name.contains("standalonesession") || name.contains("standalonejob") || name.contains("jobmanager")
                || name.contains("kubernetes-session") || name.contains("kubernetes-application")) {
            return JOBMANAGER;
        }
        if (name.contains("historyserver")) {
            return HISTORYSERVER;
        }
        if (name.contains("sql-gateway")) {
            return SQL_GATEWAY;
        }
        if (name.contains("-client-")) {
            return CLIENT;
        }
        return UNKNOWN;
    }
}
