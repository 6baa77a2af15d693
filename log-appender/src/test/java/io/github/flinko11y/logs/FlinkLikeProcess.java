package io.github.flinko11y.logs;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Main class of the child JVM in {@link LibBundleTest}: logs through SLF4J as Flink does, reports
 * which logger factory SLF4J bound to, and exits when its parent writes a line to stdin.
 */
public final class FlinkLikeProcess {

    private FlinkLikeProcess() {}

    public static void main(String[] args) throws Exception {
        Logger log = LoggerFactory.getLogger("org.apache.flink.runtime.taskexecutor.TaskExecutor");
        System.out.println("factory=" + LoggerFactory.getILoggerFactory().getClass().getName());
        System.out.println("slf4j-api=" + LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation());
        MDC.put("flink-job-id", "0123456789abcdef0123456789abcdef");
        log.info("TaskExecutor started");
        MDC.remove("flink-job-id");
        log.warn("second line");
        System.out.println("logged");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
}
