package io.github.flinko11y.logs;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A logback context configured from the shipped conf/logback-console.xml, with settings as system properties. */
final class ConfiguredLogback implements AutoCloseable {

    static final Path CONFIG = Path.of("conf", "logback-console.xml");

    final LoggerContext context = new LoggerContext();

    ConfiguredLogback(Map<String, String> settings) throws JoranException {
        this(settings, true);
    }

    /** With {@code strict}, any warning or error while configuring fails the test. */
    ConfiguredLogback(Map<String, String> settings, boolean strict) throws JoranException {
        // SLF4J's provider does this for its default context; a context of our own needs it too.
        context.setMDCAdapter(new LogbackMDCAdapter());
        // Resolved once while configuring (as in a Flink JVM); removed again so tests stay independent.
        settings.forEach(System::setProperty);
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(CONFIG.toFile());
        } finally {
            settings.keySet().forEach(System::clearProperty);
        }
        List<Status> errors = context.getStatusManager().getCopyOfStatusList().stream()
                .filter(status -> status.getEffectiveLevel() >= Status.WARN)
                .collect(Collectors.toList());
        if (strict && !errors.isEmpty()) {
            context.stop();
            throw new AssertionError("logback-console.xml: " + errors);
        }
    }

    /** Warnings and errors logback reported while configuring. */
    List<String> problems() {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .filter(status -> status.getEffectiveLevel() >= Status.WARN)
                .map(Status::getMessage)
                .collect(Collectors.toList());
    }

    ch.qos.logback.classic.Logger logger(String name) {
        return context.getLogger(name);
    }

    @Override
    public void close() {
        context.stop();
    }
}
