package io.github.flinko11y.demo.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/** Runs the whole pipeline on a local Flink cluster over a bounded slice of the generator. */
class TelecomFraudJobTest {

    @Test
    void raisesBothKindsOfFraudSignalFromTheGeneratedEvents() throws Exception {
        int events = 20_000;
        JobOptions options = JobOptions.parse("--events", String.valueOf(events), "--rate", "1000000",
                "--checkpoint-interval-ms", "60000");
        Configuration conf = TelecomFraudJob.jobConfiguration(options);
        conf.setString("taskmanager.memory.network.max", "64 mb");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        List<FraudSignal> signals = new ArrayList<>();
        try (CloseableIterator<FraudSignal> collected = TelecomFraudJob.build(env, options).executeAndCollect()) {
            collected.forEachRemaining(signals::add);
        }

        // Top-up bursts do not depend on the order events reach a subscriber (the run is far
        // shorter than the window), so their number is known exactly: one per three top-ups.
        Map<String, Integer> topUps = new HashMap<>();
        SubscriberEventGenerator generator = new SubscriberEventGenerator(options.subscribers);
        for (long i = 0; i < events; i++) {
            SubscriberEvent event = generator.map(i);
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
