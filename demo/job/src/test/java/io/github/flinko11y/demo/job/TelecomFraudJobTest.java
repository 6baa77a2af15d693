package io.github.flinko11y.demo.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.demo.fault.FaultSwitch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/**
 * Runs the fraud detection on a local Flink cluster (RocksDB state, as the demo) over a bounded
 * slice of the generator's events; the Kafka source and sink around it run in the local stack.
 */
class TelecomFraudJobTest {

    @Test
    void raisesBothKindsOfFraudSignalFromTheGeneratedEvents() throws Exception {
        int count = 20_000;
        JobOptions options = JobOptions.parse("--checkpoint-interval-ms", "60000");
        Configuration conf = TelecomFraudJob.jobConfiguration(options);
        conf.setString("taskmanager.memory.network.max", "64 mb");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(options.parallelism);
        List<SubscriberEvent> events = new ArrayList<>();
        SubscriberEventGenerator generator = new SubscriberEventGenerator(2_000);
        for (long i = 0; i < count; i++) {
            events.add(generator.event(i));
        }
        DataStream<SubscriberEvent> input = env.fromData(events).assignTimestampsAndWatermarks(TelecomFraudJob.watermarks());
        List<FraudSignal> signals = new ArrayList<>();
        try (CloseableIterator<FraudSignal> collected = TelecomFraudJob.detect(input, options, FaultSwitch.onFile(null))
                .executeAndCollect()) {
            collected.forEachRemaining(signals::add);
        }

        // Top-up bursts do not depend on the order events reach a subscriber (the run is far
        // shorter than the window), so their number is known exactly: one per three top-ups.
        Map<String, Integer> topUps = new HashMap<>();
        for (SubscriberEvent event : events) {
            if (event.kind == EventKind.TOP_UP) {
                topUps.merge(event.subscriberId, 1, Integer::sum);
            }
        }
        long expectedBursts = topUps.values().stream().mapToLong(n -> n / options.topUpBurstCount).sum();
        assertThat(signals.stream().filter(s -> s.rule == FraudSignal.Rule.TOP_UP_BURST).count())
                .isEqualTo(expectedBursts)
                .isGreaterThan(0);
        assertThat(signals).anyMatch(s -> s.rule == FraudSignal.Rule.ROAMING_WITH_ZERO_BALANCE);
    }
}
