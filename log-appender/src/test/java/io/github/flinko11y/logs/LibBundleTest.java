package io.github.flinko11y.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.github.flinko11y.logs.loki.LokiStandIn;
import io.github.flinko11y.testsupport.FreePorts;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded lib/ bundle (run after package): what it contains, and that a JVM with Flink's
 * classpath order (lib/ jars first, then flink-dist with SLF4J 1.7 inside) binds SLF4J to the
 * bundled logback and ships its lines to Loki.
 */
class LibBundleTest {

    private static final Path BUNDLE = Path.of(System.getProperty("lib.bundle.jar", "missing-lib.bundle.jar"));
    private static final Path SLF4J_1_7 = Path.of(System.getProperty("slf4j17.jar", "missing-slf4j17.jar"));

    @TempDir
    Path logDir;

    @Test
    void bundleHoldsSlf4j2LogbackLoki4jAndTheFlinkContextUnrelocated() throws IOException {
        try (JarFile jar = new JarFile(BUNDLE.toFile())) {
            assertThat(jar.getEntry("org/slf4j/LoggerFactory.class")).as("SLF4J API").isNotNull();
            assertThat(jar.getEntry("org/slf4j/spi/SLF4JServiceProvider.class")).as("SLF4J 2 provider SPI").isNotNull();
            assertThat(jar.getEntry("ch/qos/logback/classic/LoggerContext.class")).as("logback-classic").isNotNull();
            assertThat(jar.getEntry("ch/qos/logback/core/Appender.class")).as("logback-core").isNotNull();
            assertThat(jar.getEntry("com/github/loki4j/logback/Loki4jAppender.class")).as("loki4j").isNotNull();
            assertThat(jar.getEntry("io/github/flinko11y/logs/FlinkLokiPropertyDefiner.class")).as("our classes").isNotNull();
            String provider = new String(jar.getInputStream(jar.getEntry("META-INF/services/org.slf4j.spi.SLF4JServiceProvider"))
                    .readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(provider).isEqualTo("ch.qos.logback.classic.spi.LogbackServiceProvider");
            List<String> names = jar.stream().map(e -> e.getName()).collect(Collectors.toList());
            assertThat(names).noneMatch(n -> n.startsWith("io/github/flinko11y/shaded/"));
            assertThat(names).noneMatch(n -> n.endsWith("module-info.class"));
            // Only the wrong-order alarm for SLF4J 1.7 (see org.slf4j.impl.StaticLoggerBinder), no real 1.7 binding.
            assertThat(names.stream().filter(n -> n.startsWith("org/slf4j/impl/") && n.endsWith(".class")))
                    .containsExactly("org/slf4j/impl/StaticLoggerBinder.class");
        }
    }

    @Test
    void noticeNamesEveryBundledComponentWithItsVersionAndLicence() throws IOException {
        java.util.Map<String, String> versions = new java.util.HashMap<>();
        for (String pair : System.getProperty("bundled.versions", "").split(",")) {
            versions.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        try (JarFile jar = new JarFile(BUNDLE.toFile())) {
            String notice = new String(jar.getInputStream(jar.getEntry("META-INF/NOTICE")).readAllBytes(), StandardCharsets.UTF_8);
            String slf4jLicence = new String(jar.getInputStream(jar.getEntry("META-INF/licenses/slf4j-MIT.txt")).readAllBytes(),
                    StandardCharsets.UTF_8);
            String loki4jLicence = new String(jar.getInputStream(jar.getEntry("META-INF/licenses/loki4j-BSD-2-Clause.txt"))
                    .readAllBytes(), StandardCharsets.UTF_8);

            assertThat(notice).doesNotContain("${")
                    .contains("- SLF4J API " + versions.get("slf4j-api") + " (org.slf4j:slf4j-api)")
                    .contains("  MIT License; text in META-INF/licenses/slf4j-MIT.txt")
                    .contains("- logback-classic and logback-core " + versions.get("logback") + " (ch.qos.logback)")
                    .contains("Dual-licensed under the Eclipse Public License v1.0")
                    .contains("GNU Lesser General Public License\n  version 2.1")
                    .contains("- loki4j loki-logback-appender " + versions.get("loki4j") + " (com.github.loki4j)")
                    .contains("  BSD 2-Clause License; text in META-INF/licenses/loki4j-BSD-2-Clause.txt");
            assertThat(slf4jLicence).startsWith("Copyright (c) 2004-2022 QOS.ch Sarl (Switzerland)")
                    .contains("Permission is hereby granted, free  of charge");
            assertThat(loki4jLicence).startsWith("BSD 2-Clause License\n\nCopyright (c) 2020-2025, Anton Nekhaev and Contributors");
            // Nothing else claims to be the jar's licence.
            assertThat(jar.getEntry("META-INF/LICENSE.txt")).isNull();
        }
    }

    @Test
    void atJvmExitWithLokiDownTheDrainEndsAtItsDeadlineAndCountsTheUnsentLines() throws Exception {
        String classpath = String.join(File.pathSeparator, BUNDLE.toString(), SLF4J_1_7.toString(),
                Path.of("target", "test-classes").toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-XX:+UseSerialGC",
                "-Dlogback.configurationFile=" + ConfiguredLogback.CONFIG.toAbsolutePath(),
                "-Dlog.file=" + logDir.resolve("flink--taskexecutor-0-tm-host.log"),
                "-cp", classpath, FlinkLikeProcess.class.getName());
        // Nothing listens there: every send fails until the drain timeout.
        int closedPort = FreePorts.one();
        builder.environment().put("FLINK_O11Y_LOKI_URL", "http://127.0.0.1:" + closedPort + "/loki/api/v1/push");
        builder.environment().put("FLINK_O11Y_LOKI_DRAIN_TIMEOUT_MS", "2000");
        builder.environment().put("FLINK_O11Y_LOKI_MAX_RETRIES", "1000");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null && !line.equals("logged"); line = out.readLine()) {
                // startup output
            }

            long exitStart = System.nanoTime();
            try (OutputStream in = process.getOutputStream()) {
                in.write('\n');
            }
            List<String> exitOutput = new ArrayList<>();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                exitOutput.add(line);
            }
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - exitStart);

            assertThat(exitMillis).as("exit took %d ms", exitMillis).isBetween(2000L, 2000L + 5000L);
            assertThat(exitOutput).contains("flink-o11y: Loki appender 'loki' dropped 2 lines not sent within the shutdown"
                    + " deadline of 2000 ms (FLINK_O11Y_LOKI_DRAIN_TIMEOUT_MS); Loki was slow or unreachable");
            // Flink's file has both lines all the same.
            assertThat(Files.readAllLines(logDir.resolve("flink--taskexecutor-0-tm-host.log"))).hasSize(2);
        } finally {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void slf4j17BeforeTheBundleIsReportedLoudlyWithTheFix() throws Exception {
        String classpath = String.join(File.pathSeparator, SLF4J_1_7.toString(), BUNDLE.toString(),
                Path.of("target", "test-classes").toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-XX:+UseSerialGC",
                "-Dlogback.configurationFile=" + ConfiguredLogback.CONFIG.toAbsolutePath(),
                "-Dlog.file=" + logDir.resolve("flink--taskexecutor-0-tm-host.log"),
                "-cp", classpath, FlinkLikeProcess.class.getName());
        builder.environment().put("FLINK_O11Y_LOKI_URL", "http://127.0.0.1:9/loki/api/v1/push");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        try {
            List<String> output = new ArrayList<>();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null && !line.equals("logged"); line = out.readLine()) {
                output.add(line);
            }

            assertThat(output).contains(WrongClasspathOrder.HEADLINE,
                    "flink-o11y:   SLF4J 1.7 API (loaded first): " + SLF4J_1_7.toUri().toURL(),
                    "flink-o11y:   flink-o11y log appender (SLF4J 2, logback, loki4j): " + BUNDLE.toUri().toURL());
            assertThat(output).anyMatch(line -> line.startsWith("flink-o11y: Fix: copy flink-o11y-log-appender-*.jar into $FLINK_HOME/lib/"));
            // What SLF4J 1.7 does without a binding, now no longer silently.
            assertThat(output).contains("factory=org.slf4j.helpers.NOPLoggerFactory");
            assertThat(logDir.resolve("flink--taskexecutor-0-tm-host.log")).doesNotExist();
        } finally {
            try (OutputStream in = process.getOutputStream()) {
                in.write('\n');
            } catch (IOException alreadyGone) {
                // The process has exited already.
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void flinkClasspathOrderBindsSlf4jToTheBundledLogbackDespiteSlf4j17AfterIt() throws Exception {
        try (LokiStandIn loki = LokiStandIn.loki3()) {
            String classpath = String.join(File.pathSeparator, BUNDLE.toString(), SLF4J_1_7.toString(),
                    Path.of("target", "test-classes").toAbsolutePath().toString());
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-XX:+UseSerialGC",
                    "-Dlogback.configurationFile=" + ConfiguredLogback.CONFIG.toAbsolutePath(),
                    "-Dlog.file=" + logDir.resolve("flink--taskexecutor-0-tm-host.log"),
                    "-cp", classpath, FlinkLikeProcess.class.getName());
            builder.environment().put("FLINK_O11Y_LOKI_URL", loki.pushUrl());
            builder.environment().put("FLINK_O11Y_CLUSTER_ID", "orders");
            builder.environment().put("FLINK_O11Y_LOKI_BATCH_TIMEOUT_MS", "100");
            builder.environment().put("POD_NAME", "orders-taskmanager-1-1");
            builder.environment().remove("FLINK_O11Y_NAMESPACE");
            builder.environment().remove("POD_NAMESPACE");
            builder.redirectErrorStream(true);
            Process process = builder.start();
            try {
                List<String> output = new ArrayList<>();
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                for (String line = out.readLine(); line != null && !line.equals("logged"); line = out.readLine()) {
                    output.add(line);
                }
                List<LokiStandIn.Entry> received = loki.awaitEntries(2, Duration.ofSeconds(30));

                assertThat(output).contains("factory=ch.qos.logback.classic.LoggerContext");
                assertThat(output).contains("slf4j-api=" + BUNDLE.toUri().toURL());
                assertThat(output).noneMatch(line -> line.startsWith("SLF4J"));
                assertThat(received).extracting(e -> e.line).containsExactly("TaskExecutor started", "second line");
                assertThat(received.get(0).labels).containsOnly(
                        entry("namespace", "none"), entry("flink_cluster", "orders"), entry("component", "taskmanager"),
                        entry("app", "orders"));
                assertThat(received.get(0).metadata).contains(
                        entry("pod", "orders-taskmanager-1-1"),
                        entry("flink_job_id", "0123456789abcdef0123456789abcdef"),
                        entry("thread", "main"),
                        entry("level", "INFO"));
                assertThat(received.get(1).metadata).contains(entry("level", "WARN"), entry("flink_job_id", ""));
                assertThat(Files.readAllLines(logDir.resolve("flink--taskexecutor-0-tm-host.log")))
                        .hasSize(2)
                        .allMatch(line -> line.contains(" org.apache.flink.runtime.taskexecutor.TaskExecutor "));
            } finally {
                try (OutputStream in = process.getOutputStream()) {
                    in.write('\n');
                } catch (IOException alreadyGone) {
                    // The process has exited already.
                }
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }
}
