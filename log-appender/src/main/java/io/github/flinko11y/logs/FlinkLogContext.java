package io.github.flinko11y.logs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Who is logging: the Flink cluster, the process within it and where it runs. Read once from
 * environment variables (set through the Kubernetes downward API) and system properties, with
 * defaults that also make sense outside Kubernetes. All values are sanitised for Loki.
 */
public final class FlinkLogContext {

    public static final String ENV_NAMESPACE = "FLINK_O11Y_NAMESPACE";
    public static final String ENV_POD_NAMESPACE = "POD_NAMESPACE";
    public static final String ENV_CLUSTER_ID = "FLINK_O11Y_CLUSTER_ID";
    public static final String ENV_COMPONENT = "FLINK_O11Y_COMPONENT";
    public static final String ENV_APP = "FLINK_O11Y_APP";
    public static final String ENV_EXTRA_LABELS = "FLINK_O11Y_LOKI_LABELS";
    public static final String ENV_POD_NAME = "POD_NAME";
    public static final String ENV_NODE_NAME = "NODE_NAME";
    public static final String ENV_HOSTNAME = "HOSTNAME";

    static final String DEFAULT_NAMESPACE = "none";
    static final String DEFAULT_CLUSTER_ID = "flink";

    /** Labels set by this class; FLINK_O11Y_LOKI_LABELS cannot override them. */
    static final String[] OWN_LABELS = {"namespace", "flink_cluster", "component", "app"};

    /** Loki 3 accepts 15 labels per stream by default. */
    static final int MAX_LABELS = 15;

    private final Map<String, String> labels;
    private final String pod;
    private final String node;

    private FlinkLogContext(Map<String, String> labels, String pod, String node) {
        this.labels = Collections.unmodifiableMap(labels);
        this.pod = pod;
        this.node = node;
    }

    /** The context of this JVM. */
    public static FlinkLogContext current() {
        return from(settings(), System.getProperties(), FlinkLogContext::localHostName);
    }

    /**
     * The environment, where a system property of the same name wins (as in logback's
     * {@code ${NAME}} substitution), so {@code -DFLINK_O11Y_APP=x} works in {@code env.java.opts} too.
     */
    static Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(System.getenv());
        for (String name : System.getProperties().stringPropertyNames()) {
            settings.put(name, System.getProperty(name));
        }
        return settings;
    }

    static FlinkLogContext from(Map<String, String> env, Properties systemProperties, Supplier<String> hostName) {
        String host = firstNonBlank(env.get(ENV_HOSTNAME), null);
        if (host == null) {
            host = firstNonBlank(hostName.get(), "localhost");
        }
        String namespace = firstNonBlank(env.get(ENV_NAMESPACE), firstNonBlank(env.get(ENV_POD_NAMESPACE), DEFAULT_NAMESPACE));
        String clusterId = firstNonBlank(env.get(ENV_CLUSTER_ID), DEFAULT_CLUSTER_ID);
        String component = firstNonBlank(env.get(ENV_COMPONENT), null);
        if (component == null) {
            FlinkComponent detected = FlinkComponent.fromMainClass(systemProperties.getProperty("sun.java.command"));
            if (detected == FlinkComponent.UNKNOWN) {
                detected = FlinkComponent.fromLogFile(systemProperties.getProperty("log.file"));
            }
            component = detected.labelValue();
        }
        String app = firstNonBlank(env.get(ENV_APP), clusterId);

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("namespace", LokiNames.labelValue(namespace));
        labels.put("flink_cluster", LokiNames.labelValue(clusterId));
        labels.put("component", LokiNames.labelValue(component));
        labels.put("app", LokiNames.labelValue(app));
        labels.putAll(parseExtraLabels(env.get(ENV_EXTRA_LABELS)));

        String pod = LokiNames.labelValue(firstNonBlank(env.get(ENV_POD_NAME), host));
        String node = LokiNames.labelValue(firstNonBlank(env.get(ENV_NODE_NAME), host));
        return new FlinkLogContext(labels, pod, node);
    }

    /** {@code team=data,env=prod}: extra static labels, names and values sanitised. */
    static Map<String, String> parseExtraLabels(String spec) {
        Map<String, String> extra = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return extra;
        }
        for (String pair : spec.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || pair.substring(0, eq).isBlank()) {
                throw new IllegalArgumentException(ENV_EXTRA_LABELS + ": \"" + pair.trim()
                        + "\" is not name=value; write labels as name=value,name2=value2");
            }
            String name = LokiNames.labelName(pair.substring(0, eq).trim());
            for (String own : OWN_LABELS) {
                if (own.equals(name)) {
                    throw new IllegalArgumentException(ENV_EXTRA_LABELS + ": label \"" + name
                            + "\" is set by flink-o11y itself; use the matching FLINK_O11Y_* variable instead");
                }
            }
            extra.put(name, LokiNames.labelValue(pair.substring(eq + 1)));
        }
        if (extra.size() + OWN_LABELS.length > MAX_LABELS) {
            throw new IllegalArgumentException(ENV_EXTRA_LABELS + ": " + extra.size() + " labels plus the "
                    + OWN_LABELS.length + " built-in ones exceed Loki's default limit of " + MAX_LABELS + " per stream");
        }
        return extra;
    }

    /** Low-cardinality stream labels, in a stable order: namespace, flink_cluster, component, app, extras. */
    public Map<String, String> labels() {
        return labels;
    }

    /** Pod name (POD_NAME, else the host name). */
    public String pod() {
        return pod;
    }

    /** Kubernetes node (NODE_NAME, else the host name). */
    public String node() {
        return node;
    }

    private static String firstNonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
