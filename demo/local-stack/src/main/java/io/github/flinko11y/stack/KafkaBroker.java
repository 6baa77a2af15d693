package io.github.flinko11y.stack;

import io.github.flinko11y.testsupport.Await;
import io.github.flinko11y.testsupport.FreePorts;
import io.github.flinko11y.testsupport.process.CommandLineTool;
import io.github.flinko11y.testsupport.process.FlinkJvm;
import io.github.flinko11y.testsupport.process.ManagedProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * One Kafka broker in KRaft mode (broker and controller in one process, as Kafka's own quick start),
 * in its own JVM on the jars Maven resolved from Maven Central, no Docker: the storage is formatted
 * with Kafka's {@code StorageTool}, then {@code kafka.Kafka} runs with a {@code server.properties}
 * sized for one machine (one replica, few threads, small heap). Its output goes to {@code kafka.out}.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    private static final String BROKER = "kafka.Kafka";

    private final Path dir;
    private final int port = FreePorts.one();
    private final int controllerPort = FreePorts.one();
    private ManagedProcess process;

    private KafkaBroker(Path dir) {
        this.dir = dir;
    }

    /** Formats the storage under {@code dir}, starts the broker and waits until it answers. */
    public static KafkaBroker start(Path dir) {
        KafkaBroker broker = new KafkaBroker(dir);
        try {
            Path properties = dir.resolve("server.properties");
            Files.writeString(properties, broker.serverProperties());
            List<String> classpath = List.of("-cp", FlinkJvm.classpathFile(StackPaths.kafkaClasspathFile()).stream()
                    .map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            CommandLineTool.Result format = CommandLineTool.run(dir, null, java(classpath, STORAGE_TOOL, "format",
                    "--cluster-id", Uuid.randomUuid().toString(), "--config", properties.toString()), Duration.ofMinutes(2));
            if (format.exitCode() != 0) {
                throw new IllegalStateException("formatting the Kafka storage failed, " + format);
            }
            broker.process = ManagedProcess.start("kafka", java(classpath, BROKER, properties.toString()), Map.of(), dir);
            Await.atMost(Duration.ofSeconds(90)).pollEvery(Duration.ofMillis(500)).ignoringExceptions()
                    .until("the Kafka broker answering at " + broker.bootstrapServers(), broker::answers, Boolean::booleanValue);
            return broker;
        } catch (IOException e) {
            broker.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | AssertionError e) {
            String tail = broker.process != null ? broker.process.tail(40) : "";
            broker.close();
            throw new AssertionError(e.getMessage() + "\n" + tail, e);
        }
    }

    private static List<String> java(List<String> classpath, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xms128m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(classpath);
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private String serverProperties() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        config.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("log.dirs", dir.resolve("data").toString());
        // one broker: every internal topic with one replica, and few partitions and threads on two cores
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "2");
        config.put("auto.create.topics.enable", "false");
        return config.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private boolean answers() throws Exception {
        if (!process.isAlive()) {
            throw new AssertionError("the Kafka broker exited\n" + process.tail(40));
        }
        // The admin client logs a warning per refused connection: ask it only once the port listens.
        try (Socket listening = new Socket(InetAddress.getLoopbackAddress(), port)) {
            // it accepts connections
        } catch (IOException notListeningYet) {
            return false;
        }
        try (Admin admin = admin()) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        }
    }

    /** Creates a topic with one replica, as the stack's topics are created before the job starts. */
    public void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private Admin admin() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(properties);
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public String tail(int lines) {
        return process == null ? "" : process.tail(lines);
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
