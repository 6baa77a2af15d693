package io.github.flinko11y.exporter.scrape;

import io.github.flinko11y.exporter.jvm.IdentityLabels;
import io.github.flinko11y.exporter.jvm.ProcessIdentity;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The delivery counters of flink-o11y's Loki appender (log-appender/), when its bundle is in this
 * JVM's lib/: read per scrape from the MBean the appender registers, because the appender lives in
 * Flink's parent class loader and this plugin in its own, and JMX is what both can reach. Without
 * the appender nothing is served.
 */
public final class LogAppenderCounters implements ExtraFamilies {

    /** Registered by the log appender's {@code DeliveryCounters}, one per appender. */
    static final String OBJECT_NAMES = "io.github.flinko11y:type=LokiAppender,*";

    private static final String PREFIX = "flinko11y_log_appender_";
    private static final String[] ATTRIBUTES = {"LinesSent", "LinesDropped", "SendErrors"};
    private static final ObjectName PATTERN = objectNames();

    private final ProcessIdentity identity;
    private final MBeanServer server;

    public LogAppenderCounters(ProcessIdentity identity) {
        this(identity, ManagementFactory.getPlatformMBeanServer());
    }

    LogAppenderCounters(ProcessIdentity identity, MBeanServer server) {
        this.identity = identity;
        this.server = server;
    }

    @Override
    public List<MetricFamilySamples> collect(ScrapeFigures figures) {
        Set<ObjectName> appenders = server.queryNames(PATTERN, null);
        if (appenders.isEmpty()) {
            return Collections.emptyList();
        }
        long sent = 0;
        long dropped = 0;
        long sendErrors = 0;
        int read = 0;
        for (ObjectName appender : appenders) {
            try {
                // one round trip for the three, so they come from the same moment
                List<Attribute> values = server.getAttributes(appender, ATTRIBUTES).asList();
                if (values.size() != ATTRIBUTES.length) {
                    continue; // not ours: an MBean of that name without these attributes
                }
                sent += (Long) values.get(0).getValue();
                dropped += (Long) values.get(1).getValue();
                sendErrors += (Long) values.get(2).getValue();
                read++;
            } catch (JMException | RuntimeException e) {
                // Unregistered between query and read (a logging reconfiguration), or not ours: leave it out.
            }
        }
        if (read == 0) {
            return Collections.emptyList();
        }
        IdentityLabels labels = identity == null ? IdentityLabels.NONE : identity.labels();
        List<MetricFamilySamples> families = new ArrayList<>(3);
        families.add(counter(labels, "lines_sent", "Log lines accepted by Loki.", sent));
        families.add(counter(labels, "lines_dropped",
                "Log lines dropped (queue full, rejected by Loki, or not sent by the shutdown deadline).", dropped));
        families.add(counter(labels, "send_errors", "Batches Loki did not accept (after retries).", sendErrors));
        return families;
    }

    private static MetricFamilySamples counter(IdentityLabels labels, String name, String help, long value) {
        Sample sample = new Sample(PREFIX + name + "_total", labels.names(), labels.values(), value);
        return new MetricFamilySamples(PREFIX + name, Collector.Type.COUNTER, help, Collections.singletonList(sample));
    }

    private static ObjectName objectNames() {
        try {
            return new ObjectName(OBJECT_NAMES);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
