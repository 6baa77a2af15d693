package io.github.flinko11y.testsupport.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.testsupport.Await;
import io.github.flinko11y.testsupport.servers.PrometheusServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Runs the PromQL of the generated dashboards against a real Prometheus until every panel has data
 * (except those allowed to stay empty, each with a reason) or time is up: what Grafana would show
 * on first opening the dashboards. Used by the MiniCluster test on both Flink versions and by the
 * end-to-end test on separate JobManager and TaskManager JVMs.
 */
public final class LiveDashboardQueries {
    private final Map<PanelQuery, List<JsonNode>> results;
    private final Map<String, String> allowedEmpty;

    private LiveDashboardQueries(Map<PanelQuery, List<JsonNode>> results, Map<String, String> allowedEmpty) {
        this.results = results;
        this.allowedEmpty = allowedEmpty;
    }

    /**
     * Queries until every panel outside {@code allowedEmpty} returns series and {@code ready} holds
     * (e.g. Flink's per-second meters, which start at 0, show records), or {@code timeout} passes.
     */
    public static LiveDashboardQueries await(PrometheusServer prometheus, List<PanelQuery> queries,
            Map<String, String> allowedEmpty, Predicate<LiveDashboardQueries> ready, Duration timeout) {
        // every round runs every panel's query: poll slowly
        return Await.atMost(timeout).pollEvery(Duration.ofSeconds(2)).latest(() -> {
            Map<PanelQuery, List<JsonNode>> results = new LinkedHashMap<>();
            for (PanelQuery query : queries) {
                results.put(query, prometheus.series(query.expr));
            }
            return new LiveDashboardQueries(results, allowedEmpty);
        }, round -> round.emptyPanelsNotAllowed().isEmpty() && ready.test(round));
    }

    public Map<PanelQuery, List<JsonNode>> results() {
        return results;
    }

    /** Panels (dashboard / "title") with a query that returned no series, and those queries. */
    public Map<String, List<PanelQuery>> emptyPanels() {
        Map<String, List<PanelQuery>> empty = new TreeMap<>();
        results.forEach((query, series) -> {
            if (series.isEmpty()) {
                empty.computeIfAbsent(query.panelKey(), k -> new ArrayList<>()).add(query);
            }
        });
        return empty;
    }

    /** The empty panels that are not allowed to be empty: must end up empty for a test to pass. */
    public Map<String, List<PanelQuery>> emptyPanelsNotAllowed() {
        Map<String, List<PanelQuery>> left = emptyPanels();
        left.keySet().removeAll(allowedEmpty.keySet());
        return left;
    }

    /** The single value of one target (NaN when it returned nothing); fails on several series. */
    public double value(String dashboard, String panel, String refId) {
        List<JsonNode> series = results.entrySet().stream()
                .filter(e -> e.getKey().dashboard.equals(dashboard) && e.getKey().panel.equals(panel)
                        && e.getKey().refId.equals(refId))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no query " + dashboard + " / " + panel + " / " + refId));
        if (series.size() > 1) {
            throw new AssertionError(dashboard + " / " + panel + " / " + refId + " returned " + series.size() + " series");
        }
        return series.isEmpty() ? Double.NaN : Double.parseDouble(series.get(0).path("value").path(1).asText());
    }
}
