package io.github.flinko11y.testsupport.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The PromQL targets of the dashboards as committed in dashboards/generated/, with Grafana's
 * variables replaced by values, as Grafana sends them to Prometheus.
 * The directory is the caller's, {@code dashboards/generated/} of the repository.
 */
public final class GeneratedDashboards {

    private static final Pattern LINK_LABEL = Pattern.compile("\\$\\{__field\\.labels\\.(\\w+)}");
    private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)");
    /** A dashboard's default time range as Grafana writes it ({@code now-24h}): the duration. */
    private static final Pattern TIME_FROM = Pattern.compile("now-(\\d+[smhdw])");

    private GeneratedDashboards() {}

    /**
     * Every PromQL target of every panel, with {@code $variable} replaced from {@code values};
     * a variable without a value fails, so a new variable cannot slip through unsubstituted.
     * {@code $__range} is, as in Grafana, the dashboard's default time range unless given.
     */
    public static List<PanelQuery> promQueries(Path generatedDir, Map<String, String> givenValues) {
        List<PanelQuery> queries = new ArrayList<>();
        for (Path file : files(generatedDir)) {
            JsonNode dashboard = read(file);
            String id = file.getFileName().toString().replaceFirst("\\.json$", "");
            Map<String, String> values = new HashMap<>(givenValues);
            Matcher range = TIME_FROM.matcher(dashboard.path("time").path("from").asText());
            if (range.matches()) {
                values.putIfAbsent("__range", range.group(1));
            }
            for (JsonNode panel : dashboard.path("panels")) {
                if (!"prometheus".equals(panel.path("datasource").path("type").asText())) {
                    continue;
                }
                Set<String> linkLabels = new TreeSet<>();
                for (JsonNode link : panel.path("fieldConfig").path("defaults").path("links")) {
                    Matcher m = LINK_LABEL.matcher(link.path("url").asText());
                    while (m.find()) {
                        linkLabels.add(m.group(1));
                    }
                }
                for (JsonNode target : panel.path("targets")) {
                    String expr = substitute(target.path("expr").asText(), values, id);
                    queries.add(new PanelQuery(id, panel.path("title").asText(), target.path("refId").asText(),
                            expr, linkLabels));
                }
            }
        }
        return queries;
    }

    static String substitute(String expr, Map<String, String> values, String dashboard) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new AssertionError(dashboard + " uses $" + m.group(1) + ", which the live test gives no value: " + expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> json = files.filter(f -> f.toString().endsWith(".json")).sorted().collect(Collectors.toList());
            if (json.isEmpty()) {
                throw new AssertionError("no dashboards in " + dir + ": build the dashboards module");
            }
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }
}
