package io.github.flinko11y.stack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.flinko11y.alerts.GeneratedFiles;
import io.github.flinko11y.alerts.yaml.Yaml;
import io.github.flinko11y.catalog.Catalog;
import io.github.flinko11y.catalog.FastTimings;
import java.util.List;
import java.util.Map;

/**
 * Our generated alert rules and Alertmanager routing, produced by the same generator as the
 * checked-in files, from the repository's catalog with its durations divided by {@value #SPEED_UP}
 * (at least {@value #MIN_SECONDS} s): the alert expressions, severities, labels, annotations,
 * routing tree and inhibitions are the real ones, but a restart loop pages within a minute instead
 * of fifteen. Alertmanager's receivers become webhooks to the stack's receiver and its grouping
 * intervals shrink to seconds, for the same reason.
 */
public final class KitRules {
    static final int SPEED_UP = 20;
    static final int MIN_SECONDS = 10;

    private final Catalog catalog;
    private final GeneratedFiles files;

    private KitRules(Catalog catalog) {
        this.catalog = catalog;
        this.files = new GeneratedFiles(catalog);
    }

    public static KitRules withFastTimings() {
        ObjectNode files = Catalog.read(StackPaths.repositoryRoot().resolve("catalog"));
        return new KitRules(Catalog.of(FastTimings.divide(files, SPEED_UP, MIN_SECONDS, MIN_SECONDS / 5 + "s")));
    }

    /** The catalog the rules were generated from: scrape job and target label names. */
    public Catalog catalog() {
        return catalog;
    }

    /** The Prometheus rule file: recording rules and every alert. */
    public String prometheusRules() {
        return files.prometheus().ruleFile();
    }

    /** Alertmanager's configuration with every receiver posting to {@code webhookUrl}. */
    public String alertmanagerConfig(String webhookUrl) {
        Map<String, Object> document = files.alertmanager().withWebhookReceivers(webhookUrl).document();
        speedUpRoute(document.get("route"));
        return Yaml.write("The generated routing with webhook receivers and fast timings (local stack).", document);
    }

    @SuppressWarnings("unchecked")
    private static void speedUpRoute(Object route) {
        Map<String, Object> node = (Map<String, Object>) route;
        // Not divided by SPEED_UP: group_wait is where Alertmanager waits for the rest of a failure's
        // alerts, and Flink's own delays (heartbeats, restart delays) are not divided either.
        node.computeIfPresent("group_wait", (k, v) -> v.equals("0s") ? v : "10s");
        node.computeIfPresent("group_interval", (k, v) -> "2s");
        node.computeIfPresent("repeat_interval", (k, v) -> "1m");
        Object children = node.get("routes");
        if (children instanceof List) {
            ((List<Object>) children).forEach(KitRules::speedUpRoute);
        }
    }
}
