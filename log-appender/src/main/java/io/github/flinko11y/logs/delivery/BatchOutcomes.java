package io.github.flinko11y.logs.delivery;

import com.github.loki4j.client.batch.BinaryBatch;
import java.nio.ByteBuffer;

/**
 * Counts each batch once loki4j is done with it, by the answer to its last send attempt. Which
 * failures loki4j retries, and how often, is loki4j's decision alone: nothing here repeats it.
 * loki4j's sender sends one batch at a time, all its attempts included, on one thread, which is the
 * only thread that calls this class.
 */
final class BatchOutcomes {

    private final DeliveryCounters counters;
    private ByteBuffer lastAttempt;
    private boolean lastAttemptDelivered;

    BatchOutcomes(DeliveryCounters counters) {
        this.counters = counters;
    }

    /** One send attempt of the batch in this buffer got an answer, or failed without one. */
    void attempted(ByteBuffer batch, boolean delivered) {
        lastAttempt = batch;
        lastAttemptDelivered = delivered;
    }

    /** loki4j stopped sending this batch: delivered if its last attempt was, given up otherwise. */
    void ended(BinaryBatch batch) {
        if (batch.data == lastAttempt && lastAttemptDelivered) {
            counters.sent(batch.sizeItems);
        } else {
            counters.rejected(batch.sizeItems);
        }
        lastAttempt = null;
    }
}
