package io.github.flinko11y.testsupport.dashboards;

import java.util.Set;

/**
 * One PromQL target of a generated dashboard panel, with the series labels its drill-down links
 * read ({@code ${__field.labels.X}}).
 */
public final class PanelQuery {
    public final String dashboard;
    public final String panel;
    public final String refId;
    public final String expr;
    public final Set<String> linkLabels;

    PanelQuery(String dashboard, String panel, String refId, String expr, Set<String> linkLabels) {
        this.dashboard = dashboard;
        this.panel = panel;
        this.refId = refId;
        this.expr = expr;
        this.linkLabels = linkLabels;
    }

    /** dashboard / "panel": the key of the allowed exceptions. */
    public String panelKey() {
        return dashboard + " / \"" + panel + "\"";
    }

    @Override
    public String toString() {
        return panelKey() + " " + refId + ": " + expr;
    }
}
