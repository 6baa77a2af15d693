package io.github.flinko11y.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectionWorkersTest {

    private final ConnectionWorkers connections = new ConnectionWorkers(32, "test-http-");
    private final ThreadPoolExecutor workers = connections.pool();

    @AfterEach
    void shutdown() {
        connections.shutdown();
    }

    @Test
    void connectionsOneAfterAnotherShareOneWorker() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            CountDownLatch done = new CountDownLatch(1);
            workers.execute(done::countDown);
            done.await();
            awaitWaitingWorkers(1);
        }
        assertThat(workers.getLargestPoolSize()).as("threads started for five connections in a row").isEqualTo(1);
    }

    @Test
    void aConnectionArrivingWhileTheWorkerIsBusyGetsAnotherWorker() throws InterruptedException {
        workers.execute(() -> { });
        awaitWaitingWorkers(1);
        CountDownLatch release = new CountDownLatch(1);
        workers.execute(() -> await(release)); // the waiting worker takes it and blocks
        CountDownLatch second = new CountDownLatch(1);
        workers.execute(second::countDown);

        assertThat(second.await(10, TimeUnit.SECONDS)).as("served while the first is still blocked").isTrue();
        release.countDown();
    }

    private void awaitWaitingWorkers(int n) {
        LinkedTransferQueue<Runnable> queue = (LinkedTransferQueue<Runnable>) workers.getQueue();
        while (queue.getWaitingConsumerCount() < n) {
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
