package io.github.flinko11y.alerts.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A named rule group of alerts, evaluated together. */
public record AlertGroup(String name, List<Alert> alerts) {

    public AlertGroup {
        alerts = List.copyOf(alerts);
    }

    public Map<String, Object> toGroup() {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", name);
        group.put("rules", alerts.stream().map(Alert::toRule).toList());
        return group;
    }
}
