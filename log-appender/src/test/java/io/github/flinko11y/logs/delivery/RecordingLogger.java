package io.github.flinko11y.logs.delivery;

import com.github.loki4j.client.util.Loki4jLogger;
import java.util.List;

/** Stands in for loki4j's logback status logger: keeps what it was told, trace included, as "LEVEL message". */
final class RecordingLogger implements Loki4jLogger {

    private final List<String> messages;

    RecordingLogger(List<String> messages) {
        this.messages = messages;
    }

    private void record(String level, String format, Object... args) {
        synchronized (messages) {
            messages.add(level + " " + String.format(format, args));
        }
    }

    @Override
    public void trace(String format, Object... args) {
        // loki4j traces on every batch; kept out so that tests see its status messages only.
    }

    @Override
    public void info(String format, Object... args) {
        record("INFO", format, args);
    }

    @Override
    public void warn(String format, Object... args) {
        record("WARN", format, args);
    }

    @Override
    public void warn(Throwable error, String format, Object... args) {
        record("WARN", format, args);
    }

    @Override
    public void error(String format, Object... args) {
        record("ERROR", format, args);
    }

    @Override
    public void error(Throwable error, String format, Object... args) {
        record("ERROR", format, args);
    }
}
