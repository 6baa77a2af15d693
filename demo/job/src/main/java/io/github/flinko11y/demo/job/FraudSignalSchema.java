package io.github.flinko11y.demo.job;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** Fraud signals on the output topic as a line of text: {@code sub-42,TOP_UP_BURST,1733390000000}. */
public final class FraudSignalSchema implements SerializationSchema<FraudSignal> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(FraudSignal signal) {
        return (signal.subscriberId + "," + signal.rule + "," + signal.timestampMillis).getBytes(StandardCharsets.UTF_8);
    }
}
