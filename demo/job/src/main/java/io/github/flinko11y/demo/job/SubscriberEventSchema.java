package io.github.flinko11y.demo.job;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Subscriber events on the input topic, one per Kafka record value as a line of text:
 * {@code sub-42,TOP_UP,700,1733390000000} (subscriber, kind, amount in cents, event time in ms).
 * The stack's producer writes with {@link #serialize}, the job reads with {@link #deserialize}.
 */
public final class SubscriberEventSchema implements DeserializationSchema<SubscriberEvent>, SerializationSchema<SubscriberEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(SubscriberEvent event) {
        return (event.subscriberId + "," + event.kind + "," + event.amountCents + "," + event.timestampMillis)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public SubscriberEvent deserialize(byte[] message) {
        String line = new String(message, StandardCharsets.UTF_8);
        String[] fields = line.split(",", -1);
        if (fields.length != 4) {
            throw new IllegalArgumentException("not a subscriber event (subscriber,kind,amount,timestamp): '" + line + "'");
        }
        return new SubscriberEvent(fields[0], EventKind.valueOf(fields[1]), Long.parseLong(fields[2]), Long.parseLong(fields[3]));
    }

    @Override
    public boolean isEndOfStream(SubscriberEvent next) {
        return false;
    }

    @Override
    public TypeInformation<SubscriberEvent> getProducedType() {
        return TypeInformation.of(SubscriberEvent.class);
    }
}
