package io.github.flinko11y.demo.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SubscriberEventSchemaTest {
    private final SubscriberEventSchema schema = new SubscriberEventSchema();

    @Test
    void whatTheProducerWritesTheJobReads() {
        SubscriberEvent event = new SubscriberEvent("sub-42", EventKind.TOP_UP, 700, 1_733_390_000_000L);
        byte[] value = schema.serialize(event);
        assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo("sub-42,TOP_UP,700,1733390000000");
        assertThat(schema.deserialize(value)).isEqualTo(event);
    }

    @Test
    void aForeignRecordNamesItsContent() {
        assertThatThrownBy(() -> schema.deserialize("hello".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("'hello'");
    }
}
