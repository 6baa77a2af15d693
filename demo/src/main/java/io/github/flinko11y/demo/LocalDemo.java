package io.github.flinko11y.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * The README's demo: an embedded Flink cluster (JobManager and one TaskManager in this JVM) runs
 * a small streaming job, with the exporter loaded from {@code $FLINK_PLUGINS_DIR} exactly as a
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

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromSequence(0, Long.MAX_VALUE)
                .name("subscriber-events")
                .map(new Throttle(500))
                .name("throttle")
                .map(new ClassifyEvent())
                .name("classify")
                .filter(new TopUpsOnly())
                .name("top-ups")
                .sinkTo(new DiscardingSink<>())
                .name("discard");
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName("o11y-demo");
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
        System.out.println("Flink job " + jobId + " (o11y-demo) is running.");
        System.out.println("Metrics (Prometheus text format): http://localhost:" + port + "/metrics");
        System.out.println("Try:  curl -s localhost:" + port + "/metrics | grep numRecordsOut");
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

    /** Keeps the demo at a few hundred records per second per subtask, not one core's worth. */
    static final class Throttle implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        private final int perSecond;
        private long sent;
        private long windowStart;

        Throttle(int perSecond) {
            this.perSecond = perSecond;
        }

        @Override
        public Long map(Long value) throws InterruptedException {
            long now = System.currentTimeMillis();
            if (now - windowStart >= 1000) {
                windowStart = now;
                sent = 0;
            }
            if (++sent >= perSecond) {
                Thread.sleep(Math.max(1, 1000 - (now - windowStart)));
            }
            return value;
        }
    }

    /** Turns a sequence number into an event kind, counting top-ups with Flink's metric API. */
    static final class ClassifyEvent extends RichMapFunction<Long, String> {
        private static final long serialVersionUID = 1L;
        private transient Counter topUps;

        @Override
        public void open(OpenContext context) {
            topUps = getRuntimeContext().getMetricGroup().counter("topUpEvents");
        }

        @Override
        public String map(Long value) {
            if (value % 5 == 0) {
                topUps.inc();
                return "top-up";
            }
            return value % 7 == 0 ? "roaming-registration" : "call";
        }
    }

    static final class TopUpsOnly implements FilterFunction<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(String kind) {
            return kind.equals("top-up");
        }
    }
}
