package io.github.flinko11y.demo.job;

import io.github.flinko11y.demo.fault.FaultSwitch;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The demo job: subscriber events from a data generator, keyed by subscriber, checked by two fraud
 * rules (top-ups too frequent in a short window; roaming registration with zero balance), fraud
 * signals logged. Checkpoints every {@code --checkpoint-interval-ms}; restarts without limit, so a
 * fault written into {@code --fault-file} shows as a restart loop rather than a dead job.
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

    /** Restart and checkpoint settings the demo's alerts are written for. */
    public static Configuration jobConfiguration(JobOptions options) {
        Configuration conf = new Configuration();
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", String.valueOf(Integer.MAX_VALUE));
        conf.setString("restart-strategy.fixed-delay.delay", "2 s");
        conf.setString("execution.checkpointing.interval", options.checkpointIntervalMillis + " ms");
        // a declined checkpoint must show as a failed checkpoint, not as a job restart
        conf.setString("execution.checkpointing.tolerable-failed-checkpoints", String.valueOf(Integer.MAX_VALUE));
        return conf;
    }

    /** Adds the pipeline to {@code env} and returns the fraud signals it emits. */
    public static DataStream<FraudSignal> build(StreamExecutionEnvironment env, JobOptions options) {
        env.setParallelism(options.parallelism);
        GeneratorFunction<Long, SubscriberEvent> generator = new SubscriberEventGenerator(options.subscribers);
        DataGeneratorSource<SubscriberEvent> source = new DataGeneratorSource<>(generator, options.events,
                RateLimiterStrategy.perSecond(options.ratePerSecond), TypeInformation.of(SubscriberEvent.class));
        WatermarkStrategy<SubscriberEvent> watermarks = WatermarkStrategy
                .<SubscriberEvent>forBoundedOutOfOrderness(Duration.ofSeconds(2))
                .withTimestampAssigner((event, previous) -> event.timestampMillis);
        DataStream<FraudSignal> signals = env.fromSource(source, watermarks, "subscriber-events")
                .uid("subscriber-events")
                .keyBy(new BySubscriber())
                .process(new FraudDetector(new FraudRules(options.topUpBurstCount, options.topUpBurstWindowMillis),
                        FaultSwitch.onFile(options.faultFile)))
                .name("fraud-detector")
                .uid("fraud-detector")
                .process(new FraudSignalReporter())
                .name("fraud-signal-reporter")
                .uid("fraud-signal-reporter");
        signals.sinkTo(new DiscardingSink<>()).name("fraud-signals-out").uid("fraud-signals-out");
        return signals;
    }

    static final class BySubscriber implements KeySelector<SubscriberEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(SubscriberEvent event) {
            return event.subscriberId;
        }
    }
}
