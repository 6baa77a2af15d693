package io.github.flinko11y.kustomize.scrape;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus' relabel_configs applied to one discovered target, for the actions the kit uses (keep, drop,
 * replace). Follows Prometheus' rules: source values joined by the separator (";"), the regex anchored at
 * both ends, replace writes the expanded replacement ("$1" by default) only when the regex matches and
 * removes the label when that is empty; afterwards labels starting with "__" are dropped and job is the
 * job name unless set. Any other action fails, so a config that grows one is not judged by half a rule set.
 */
public final class Relabeling {

    private Relabeling() {}

    /** The target's labels after relabeling, or empty when a keep or drop rule removed it. */
    public static Optional<Map<String, String>> apply(JsonNode scrapeJob, Map<String, String> discovered) {
        Map<String, String> labels = new TreeMap<>(discovered);
        for (JsonNode rule : scrapeJob.path("relabel_configs")) {
            String action = rule.path("action").asText("replace");
            Pattern regex = Pattern.compile("^(?:" + rule.path("regex").asText("(.*)") + ")$");
            ArrayList<String> values = new ArrayList<>();
            rule.path("source_labels").forEach(s -> values.add(labels.getOrDefault(s.asText(), "")));
            Matcher m = regex.matcher(String.join(rule.path("separator").asText(";"), values));
            switch (action) {
                case "keep" -> {
                    if (!m.matches()) {
                        return Optional.empty();
                    }
                }
                case "drop" -> {
                    if (m.matches()) {
                        return Optional.empty();
                    }
                }
                case "replace" -> {
                    if (m.matches()) {
                        // Prometheus writes ${1} where Java's replacement syntax wants $1.
                        String replacement = rule.path("replacement").asText("$1").replaceAll("\\$\\{(\\d+)}", "\\$$1");
                        String value = m.replaceFirst(replacement);
                        String target = rule.path("target_label").asText();
                        if (value.isEmpty()) {
                            labels.remove(target);
                        } else {
                            labels.put(target, value);
                        }
                    }
                }
                default -> throw new AssertionError("relabel action " + action + " is not simulated: extend Relabeling");
            }
        }
        labels.putIfAbsent("job", scrapeJob.path("job_name").asText());
        labels.keySet().removeIf(k -> k.startsWith("__"));
        return Optional.of(labels);
    }
}
