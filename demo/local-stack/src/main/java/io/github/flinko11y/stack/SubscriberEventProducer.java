package io.github.flinko11y.stack;

import io.github.flinko11y.demo.job.SubscriberEvent;
import io.github.flinko11y.demo.job.SubscriberEventGenerator;
import io.github.flinko11y.demo.job.SubscriberEventSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The telecom operator's mediation system of the demo: writes the generator's subscriber events into
 * the input topic at a steady rate (keyed by subscriber, time-stamped when written), from a daemon
 * thread of the stack's JVM. The rate can change while it runs ({@link #rate(int)}), so the stack can
 * feed the job faster than it reads.
 */
public final class SubscriberEventProducer implements AutoCloseable {
    private static final long TICK_MILLIS = 10;

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final SubscriberEventGenerator generator;
    private final SubscriberEventSchema schema = new SubscriberEventSchema();
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile int ratePerSecond;
    private volatile boolean running = true;
    private long index;

    private SubscriberEventProducer(String bootstrapServers, String topic, int subscribers, int ratePerSecond) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "subscriber-event-producer");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.put(ProducerConfig.ACKS_CONFIG, "1");
        this.producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.generator = new SubscriberEventGenerator(subscribers);
        this.ratePerSecond = ratePerSecond;
        this.thread = new Thread(this::run, "subscriber-event-producer");
        this.thread.setDaemon(true);
    }

    /** Starts writing {@code ratePerSecond} events a second for {@code subscribers} subscribers. */
    public static SubscriberEventProducer start(String bootstrapServers, String topic, int subscribers, int ratePerSecond) {
        SubscriberEventProducer producer = new SubscriberEventProducer(bootstrapServers, topic, subscribers, ratePerSecond);
        producer.thread.start();
        return producer;
    }

    /** Writes {@code perSecond} events a second from now on. */
    public void rate(int perSecond) {
        ratePerSecond = perSecond;
    }

    public int rate() {
        return ratePerSecond;
    }

    /** Events written so far. */
    public synchronized long written() {
        return index;
    }

    private void run() {
        long rateStart = System.nanoTime();
        long sentAtRate = 0;
        int rate = ratePerSecond;
        try {
            while (running) {
                if (rate != ratePerSecond) {
                    rate = ratePerSecond;
                    rateStart = System.nanoTime();
                    sentAtRate = 0;
                }
                long due = (System.nanoTime() - rateStart) / 1_000_000L * rate / 1000;
                for (; sentAtRate < due; sentAtRate++) {
                    send();
                }
                Thread.sleep(TICK_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.set(e);
            System.err.println("the subscriber event producer stopped: " + e);
        }
    }

    private void send() {
        SubscriberEvent event;
        synchronized (this) {
            event = generator.event(index++);
        }
        producer.send(new ProducerRecord<>(topic, null, event.timestampMillis,
                event.subscriberId.getBytes(StandardCharsets.UTF_8), schema.serialize(event)));
    }

    /** Whether it still writes; false after an error (printed, and in {@link #failure()}). */
    public boolean isRunning() {
        return running && thread.isAlive();
    }

    public Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
