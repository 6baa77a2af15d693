package io.github.flinko11y.logs;

import java.io.PrintStream;
import java.net.URL;
import java.security.CodeSource;

/**
 * The message for a classpath where SLF4J 1.7 comes before this bundle: Flink's logs would go to a
 * no-op logger, so it goes to stderr (Flink's {@code .out} file, {@code kubectl logs}), naming the
 * jars involved and the fix.
 */
public final class WrongClasspathOrder {

    /** The first line of the report, for operators to grep for. */
    public static final String HEADLINE =
            "flink-o11y: ERROR: Flink's log lines are being discarded: SLF4J 1.7 comes before the flink-o11y log appender on the classpath";

    private WrongClasspathOrder() {}

    /** Prints the report; {@code bundleClass} is a class of this bundle, to name its jar. */
    public static void report(Class<?> bundleClass) {
        report(System.err, location(org.slf4j.LoggerFactory.class), location(bundleClass));
    }

    static void report(PrintStream out, String slf4jJar, String bundleJar) {
        out.println(HEADLINE);
        out.println("flink-o11y:   SLF4J 1.7 API (loaded first): " + slf4jJar);
        out.println("flink-o11y:   flink-o11y log appender (SLF4J 2, logback, loki4j): " + bundleJar);
        out.println("flink-o11y:   SLF4J 1.7 cannot use logback 1.5, so no line reaches the console, the log file or Loki.");
        out.println("flink-o11y: Fix: copy flink-o11y-log-appender-*.jar into $FLINK_HOME/lib/ (Flink's scripts put lib/*.jar"
                + " before flink-dist, which contains SLF4J 1.7), and remove every other slf4j-api-1.7.*.jar from lib/"
                + " and from FLINK_CLASSPATH / HADOOP_CLASSPATH. See log-appender/README.md.");
        out.flush();
    }

    private static String location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        return url == null ? "(unknown location)" : url.toString();
    }
}
