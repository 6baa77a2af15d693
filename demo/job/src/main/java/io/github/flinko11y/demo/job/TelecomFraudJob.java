package io.github.flinko11y.demo.job;

import io.github.flinko11y.demo.fault.FaultSwitch;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The demo job: subscriber events from a Kafka topic, keyed by subscriber, checked by two fraud
 * rules (top-ups too frequent in a short window; roaming registration with zero balance) with the
 * subscribers' state in RocksDB, fraud signals logged and written to another topic. Checkpoints
 * every {@code --checkpoint-interval-ms}; restarts without limit, so a fault written into
 * {@code --fault-file} shows as a restart loop rather than a dead job.
 */
public final class TelecomFraudJob {
    public static final String JOB_NAME = "telecom-fraud-detection";

    private TelecomFraudJob() {}

    public static void main(String[] args) throws Exception {
        JobOptions options = JobOptions.parse(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(jobConfiguration(options));
        build(env, options);
        env.execute(JOB_NAME);
    }

    /** Restart, checkpoint and state backend settings the demo's alerts and dashboards are written for. */
    public static Configuration jobConfiguration(JobOptions options) {
        Configuration conf = new Configuration();
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", String.valueOf(Integer.MAX_VALUE));
        conf.setString("restart-strategy.fixed-delay.delay", "2 s");
        conf.setString("execution.checkpointing.interval", options.checkpointIntervalMillis + " ms");
        // a declined checkpoint must show as a failed checkpoint, not as a job restart
        conf.setString("execution.checkpointing.tolerable-failed-checkpoints", String.valueOf(Integer.MAX_VALUE));
        // the subscribers' state in RocksDB, as a production job with large state keeps it, and the
        // few native metrics worth their cost, so the state panels have data
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("state.backend.rocksdb.metrics.column-family-as-variable", "true");
        conf.setString("state.backend.rocksdb.metrics.block-cache-usage", "true");
        conf.setString("state.backend.rocksdb.metrics.cur-size-all-mem-tables", "true");
        conf.setString("state.backend.rocksdb.metrics.estimate-pending-compaction-bytes", "true");
        conf.setString("state.backend.rocksdb.metrics.background-errors", "true");
        conf.setString("state.backend.rocksdb.metrics.estimate-live-data-size", "true");
        return conf;
    }

    /** Adds the pipeline, from the input topic to the output topic, to {@code env}. */
    public static void build(StreamExecutionEnvironment env, JobOptions options) {
        env.setParallelism(options.parallelism);
        FaultSwitch faults = FaultSwitch.onFile(options.faultFile);
        KafkaSource<SubscriberEvent> kafka = KafkaSource.<SubscriberEvent>builder()
                .setBootstrapServers(options.bootstrapServers)
                .setTopics(options.inputTopic)
                .setGroupId(JOB_NAME)
                .setClientIdPrefix(JOB_NAME)
                // a job submitted again (after a cancel) goes on where the last one committed
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setValueOnlyDeserializer(new SubscriberEventSchema())
                // Small polls and fetches: the consumer's records-lag (the source's pendingRecords) is
                // measured at each poll against the high watermark of the last fetch, so it follows the
                // backlog closely even when the source reads slowly (the lag fault) rather than lagging
                // behind the event time.
                .setProperty("max.poll.records", "50")
                .setProperty("max.partition.fetch.bytes", "4096")
                .build();
        DataStream<SubscriberEvent> events = env.fromSource(new ThrottledSource<>(kafka, faults), watermarks(),
                        "subscriber-events", new SubscriberEventSchema().getProducedType())
                .uid("subscriber-events");
        KafkaSink<FraudSignal> sink = KafkaSink.<FraudSignal>builder()
                .setBootstrapServers(options.bootstrapServers)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(KafkaRecordSerializationSchema.<FraudSignal>builder()
                        .setTopic(options.outputTopic)
                        .setValueSerializationSchema(new FraudSignalSchema())
                        .build())
                .build();
        detect(events, options, faults).sinkTo(sink).name("fraud-signals-out").uid("fraud-signals-out");
    }

    /** Event time is the subscriber's, as the producer stamped it; a little disorder is allowed. */
    static WatermarkStrategy<SubscriberEvent> watermarks() {
        return WatermarkStrategy.<SubscriberEvent>forBoundedOutOfOrderness(Duration.ofSeconds(2))
                .withTimestampAssigner((event, previous) -> event.timestampMillis);
    }

    /** The fraud rules over {@code events}, keyed by subscriber; returns the logged fraud signals. */
    public static DataStream<FraudSignal> detect(DataStream<SubscriberEvent> events, JobOptions options, FaultSwitch faults) {
        return events
                .keyBy(new BySubscriber())
                .process(new FraudDetector(new FraudRules(options.topUpBurstCount, options.topUpBurstWindowMillis), faults))
                .name("fraud-detector")
                .uid("fraud-detector")
                .process(new FraudSignalReporter())
                .name("fraud-signal-reporter")
                .uid("fraud-signal-reporter");
    }

    static final class BySubscriber implements KeySelector<SubscriberEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(SubscriberEvent event) {
            return event.subscriberId;
        }
    }
}
