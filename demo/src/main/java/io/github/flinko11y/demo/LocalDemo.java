package io.github.flinko11y.demo;

import io.github.flinko11y.demo.job.JobOptions;
import io.github.flinko11y.demo.job.TelecomFraudJob;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * The README's demo: an embedded Flink cluster (JobManager and one TaskManager in this JVM) runs
 * the {@link TelecomFraudJob}, with the exporter loaded from {@code $FLINK_PLUGINS_DIR} exactly as a
 * Flink image loads it from {@code plugins/}. Runs until Ctrl-C.
 */
public final class LocalDemo {

    private LocalDemo() {}

    public static void main(String[] args) throws Exception {
        int port = firstFreePort(args.length > 0 ? Integer.parseInt(args[0]) : 9249);
        Configuration conf = new Configuration();
        conf.setString("metrics.reporter.prom.factory.class",
                "io.github.flinko11y.exporter.PrometheusExporterFactory");
        conf.setString("metrics.reporter.prom.port", Integer.toString(port));
        conf.setString("rest.port", "0");

        // Flink's own plugin loading ($FLINK_PLUGINS_DIR), as a JobManager or TaskManager does it;
        // the local environment's shortcut would only see reporters on the classpath.
        MiniClusterConfiguration clusterConfig = new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .setPluginManager(PluginUtils.createPluginManagerFromRootFolder(conf))
                .build();
        MiniCluster cluster = new MiniCluster(clusterConfig);
        cluster.start();

        String faultFile = Paths.get(args.length > 1 ? args[1] : "demo/target/fault").toAbsolutePath().toString();
        JobOptions options = JobOptions.parse("--fault-file", faultFile);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(TelecomFraudJob.jobConfiguration(options));
        TelecomFraudJob.build(env, options);
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(TelecomFraudJob.JOB_NAME);
        JobID jobId;
        try {
            jobId = cluster.submitJob(graph.getJobGraph()).get().getJobID();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the demo job and the embedded Flink cluster ...");
            try {
                cluster.cancelJob(jobId).get(30, TimeUnit.SECONDS);
                cluster.close();
            } catch (Exception e) {
                // the JVM is exiting anyway
            }
            stopped.countDown();
        }, "demo-shutdown"));

        System.out.println();
        System.out.println("Flink job " + jobId + " (" + TelecomFraudJob.JOB_NAME + ") is running.");
        System.out.println("Metrics (Prometheus text format): http://localhost:" + port + "/metrics");
        System.out.println("Try:  curl -s localhost:" + port + "/metrics | grep fraudSignals");
        System.out.println("Fault: echo restart-loop > " + faultFile + "   (or checkpoint-failure, backpressure; rm to heal)");
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }

    private static int firstFreePort(int from) throws IOException {
        for (int port = from; port < from + 100; port++) {
            try (ServerSocket probe = new ServerSocket(port)) {
                return port;
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new IOException("no free port in " + from + "-" + (from + 99));
    }
}
