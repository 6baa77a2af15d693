package io.github.flinko11y.testsupport;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Polls a condition until it holds or a timeout passes: the one waiting helper of the tests, so
 * no test sleeps a fixed time for something it can ask about.
 *
 * <pre>{@code
 * Await.atMost(Duration.ofSeconds(60)).until("a registered TaskManager", () -> taskManagers() == 1);
 * String body = Await.atMost(Duration.ofSeconds(30)).until("the job's metrics", this::scrape, b -> b.contains(name));
 * }</pre>
 */
public final class Await {
    private static final Duration DEFAULT_POLL = Duration.ofMillis(100);

    private final Duration timeout;
    private final Duration poll;
    private final boolean ignoreExceptions;

    private Await(Duration timeout, Duration poll, boolean ignoreExceptions) {
        this.timeout = timeout;
        this.poll = poll;
        this.ignoreExceptions = ignoreExceptions;
    }

    public static Await atMost(Duration timeout) {
        return new Await(timeout, DEFAULT_POLL, false);
    }

    /** For probes that are expensive (many PromQL queries per round) or rate-limited. */
    public Await pollEvery(Duration interval) {
        return new Await(timeout, interval, ignoreExceptions);
    }

    /** An exception thrown by the probe means "not yet" (a server still starting), not failure. */
    public Await ignoringExceptions() {
        return new Await(timeout, poll, true);
    }

    /** Returns once {@code condition} holds; an AssertionError naming {@code what} when time is up. */
    public void until(String what, BooleanSupplier condition) {
        until(what, condition::getAsBoolean, Boolean::booleanValue);
    }

    /**
     * Returns the first value of {@code probe} that is {@code ready}; an AssertionError naming
     * {@code what} and the last value when time is up.
     */
    public <T> T until(String what, Callable<T> probe, Predicate<? super T> ready) {
        Outcome<T> outcome = poll(probe, ready);
        if (!outcome.ready) {
            throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                    + (outcome.failure != null ? "; last attempt failed: " + outcome.failure
                            : "; last value: " + outcome.value), outcome.failure);
        }
        return outcome.value;
    }

    /**
     * The first value of {@code probe} that is {@code ready}, or the last one when time is up: for
     * callers whose own assertions on the value explain a failure better than a timeout would.
     */
    public <T> T latest(Callable<T> probe, Predicate<? super T> ready) {
        Outcome<T> outcome = poll(probe, ready);
        if (outcome.failure != null && outcome.value == null) {
            throw new AssertionError("timed out after " + timeout.toMillis() + " ms; last attempt failed: "
                    + outcome.failure, outcome.failure);
        }
        return outcome.value;
    }

    private <T> Outcome<T> poll(Callable<T> probe, Predicate<? super T> ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Outcome<T> last = new Outcome<>();
        while (true) {
            try {
                last.value = probe.call();
                last.failure = null;
                if (ready.test(last.value)) {
                    last.ready = true;
                    return last;
                }
            } catch (RuntimeException | Error e) {
                if (!ignoreExceptions) {
                    throw e;
                }
                last.failure = e;
            } catch (Exception e) {
                if (!ignoreExceptions) {
                    throw new AssertionError("probe failed", e);
                }
                last.failure = e;
            }
            if (System.nanoTime() - deadline > 0) {
                return last;
            }
            pause();
        }
    }

    private void pause() {
        try {
            Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }

    private static final class Outcome<T> {
        T value;
        Throwable failure;
        boolean ready;
    }
}
