package io.github.flinko11y.stack;

import io.github.flinko11y.demo.job.JobOptions;
import io.github.flinko11y.demo.job.TelecomFraudJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * Submits the demo's fraud-detection job to a session cluster through its REST API, as
 * {@code flink run} would; the job's classes are already on the cluster's classpath.
 */
public final class DemoJob {

    private DemoJob() {}

    /** Submits the job reading and writing the given topics; {@code options} are the job's own. */
    public static JobID submit(FlinkProcessCluster cluster, Path faultFile, String bootstrapServers, String inputTopic,
            String outputTopic, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--fault-file", faultFile.toString(),
                "--bootstrap-servers", bootstrapServers, "--input-topic", inputTopic, "--output-topic", outputTopic));
        args.addAll(Arrays.asList(options));
        return submit(cluster, JobOptions.parse(args.toArray(new String[0])));
    }

    private static JobID submit(FlinkProcessCluster cluster, JobOptions options) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(TelecomFraudJob.jobConfiguration(options));
        TelecomFraudJob.build(env, options);
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(TelecomFraudJob.JOB_NAME);

        Configuration client = new Configuration();
        client.setString("rest.address", "localhost");
        client.setString("rest.port", String.valueOf(cluster.restPort()));
        try (RestClusterClient<StandaloneClusterId> rest = new RestClusterClient<>(client, StandaloneClusterId.getInstance())) {
            return rest.submitJob(graph.getJobGraph()).get(60, TimeUnit.SECONDS);
        }
    }
}
