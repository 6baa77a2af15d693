package io.github.flinko11y.alerts.overrides;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.flinko11y.alerts.rules.Scope;
import io.github.flinko11y.catalog.Catalog;
import io.github.flinko11y.catalog.Durations;
import io.github.flinko11y.catalog.Threshold;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a user's overrides file (YAML, or JSON) against the catalog: every key must be a threshold
 * id, a {@code forDurations} key, an alert name or a label the catalog knows, every value of the
 * right kind. A mistake stops with the file, the key path and the fix, like the catalog's reader.
 */
public final class OverridesReader {

    static final String THRESHOLDS = "thresholds";
    static final String FOR_DURATIONS = "forDurations";
    static final String FOR = "for";
    static final String OVERRIDES = "overrides";
    static final String MATCH = "match";
    private static final List<String> TOP_KEYS = List.of(THRESHOLDS, FOR_DURATIONS, FOR, OVERRIDES);
    private static final List<String> OVERRIDE_KEYS = List.of(MATCH, THRESHOLDS, FOR_DURATIONS, FOR);
    private static final String DURATION_GRAMMAR = "a Prometheus duration: units y, w, d, h, m, s, ms, largest first,"
            + " each at most once, like 500ms, 90s, 10m or 1h30m";

    /** Java patterns that RE2, Prometheus' regular expressions, rejects: (?= (?! (?<= (?<! (?> \1 *+ ++ ?+ }+. */
    private static final Pattern NOT_RE2 = Pattern.compile("\\(\\?(?:[=!>]|<[=!])|\\\\[1-9]|[*+?}]\\+");
    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    private final Catalog catalog;
    private final List<String> alertNames;
    private final Set<String> labels;
    private String file;

    /** {@code alertNames}: the Prometheus alerts whose {@code for:} can be set by name. */
    public OverridesReader(Catalog catalog, Collection<String> alertNames) {
        this.catalog = catalog;
        this.alertNames = List.copyOf(alertNames);
        // The labels one notification is for: every alert keeps them where its series carry them, so
        // copies narrowed by them fire with different labels (TunedAlertsTest checks this of every alert).
        this.labels = new LinkedHashSet<>(catalog.labels().notificationKey());
    }

    public AlertOverrides read(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new OverridesException(path + ": cannot read the overrides file (" + e.getMessage() + ")", e);
        }
        return read(path.getFileName().toString(), text);
    }

    /** {@code name} is the file name the messages start with. */
    public AlertOverrides read(String name, String text) {
        this.file = name;
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new OverridesException(name + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw problem("", "the file is empty; set at least one of " + TOP_KEYS);
        }
        requireObject(root, "", "the top level");
        requireKnownKeys(root, "", TOP_KEYS);
        Settings global = settings(root, "");
        List<AlertOverrides.Override> overrides = new ArrayList<>();
        JsonNode list = root.path(OVERRIDES);
        if (!list.isMissingNode()) {
            if (!list.isArray()) {
                throw problem(OVERRIDES, "must be a list of {match, thresholds, forDurations, for} entries");
            }
            for (int i = 0; i < list.size(); i++) {
                overrides.add(override(list.get(i), OVERRIDES + "[" + i + "]"));
            }
        }
        if (global.isEmpty() && overrides.isEmpty()) {
            throw problem("", "sets nothing; set at least one of " + TOP_KEYS);
        }
        return new AlertOverrides(name, global, overrides);
    }

    private AlertOverrides.Override override(JsonNode node, String where) {
        requireObject(node, where, "an override");
        requireKnownKeys(node, where, OVERRIDE_KEYS);
        JsonNode match = node.path(MATCH);
        if (match.isMissingNode() || !match.isObject() || match.isEmpty()) {
            throw problem(where + "." + MATCH, "is required: the labels of the series it applies to, like"
                    + " {job_name: \"billing\"}; labels: " + String.join(", ", labels));
        }
        List<Scope.Matcher> matchers = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = match.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = where + "." + MATCH + "." + e.getKey();
            if (!labels.contains(e.getKey())) {
                throw problem(key, "overrides match on the labels notifications are grouped by, not \""
                        + e.getKey() + "\"; labels: " + String.join(", ", labels));
            }
            if (!e.getValue().isTextual() || e.getValue().asText().isEmpty()) {
                throw problem(key, "must be a non-empty string: the label's value, or a regular expression"
                        + " matching the whole value (\"billing-.*\")");
            }
            String value = e.getValue().asText();
            try {
                Pattern.compile(value);
            } catch (PatternSyntaxException ex) {
                throw problem(key, "\"" + value + "\" is not a regular expression (" + ex.getDescription()
                        + "); escape a special character of a literal value with a backslash");
            }
            if (NOT_RE2.matcher(value).find()) {
                throw problem(key, "\"" + value + "\" uses lookaround, a backreference, an atomic group or a possessive"
                        + " quantifier, which Prometheus' regular expressions (RE2) do not have; write it without");
            }
            matchers.add(new Scope.Matcher(e.getKey(), value, false));
        }
        Settings settings = settings(node, where);
        if (settings.isEmpty()) {
            throw problem(where, "sets nothing; add " + THRESHOLDS + ", " + FOR_DURATIONS + " or " + FOR);
        }
        return new AlertOverrides.Override(where, matchers, settings);
    }

    private Settings settings(JsonNode node, String where) {
        Map<String, String> thresholds = new LinkedHashMap<>();
        Map<String, String> forDurations = new LinkedHashMap<>();
        Map<String, String> forAlerts = new LinkedHashMap<>();
        List<String> thresholdIds = catalog.thresholds().all().stream().map(Threshold::id).toList();
        List<String> forKeys = new ArrayList<>(catalog.thresholds().forDurations().keySet());
        forKeys.sort(null);
        for (Map.Entry<String, JsonNode> e : entries(node, where, THRESHOLDS)) {
            String key = path(where, THRESHOLDS, e.getKey());
            if (!thresholdIds.contains(e.getKey())) {
                throw problem(key, "no threshold \"" + e.getKey() + "\"; thresholds: " + String.join(", ", thresholdIds));
            }
            Threshold threshold = catalog.thresholds().get(e.getKey());
            thresholds.put(e.getKey(), threshold.isDuration()
                    ? duration(e.getValue(), key, false, threshold.value())
                    : number(e.getValue(), key, threshold.value()));
        }
        for (Map.Entry<String, JsonNode> e : entries(node, where, FOR_DURATIONS)) {
            String key = path(where, FOR_DURATIONS, e.getKey());
            if (!forKeys.contains(e.getKey())) {
                throw problem(key, "no for: duration \"" + e.getKey() + "\"; keys: " + String.join(", ", forKeys)
                        + " (to set one alert's for:, use " + FOR + ": {AlertName: 10m})");
            }
            forDurations.put(e.getKey(), duration(e.getValue(), key, true, catalog.thresholds().forDuration(e.getKey())));
        }
        for (Map.Entry<String, JsonNode> e : entries(node, where, FOR)) {
            String key = path(where, FOR, e.getKey());
            if (!alertNames.contains(e.getKey())) {
                throw problem(key, "no Prometheus alert \"" + e.getKey() + "\"; alerts: " + String.join(", ", alertNames));
            }
            forAlerts.put(e.getKey(), duration(e.getValue(), key, true, null));
        }
        return new Settings(where, thresholds, forDurations, forAlerts);
    }

    private List<Map.Entry<String, JsonNode>> entries(JsonNode node, String where, String section) {
        JsonNode map = node.path(section);
        if (map.isMissingNode()) {
            return List.of();
        }
        if (!map.isObject()) {
            throw problem((where.isEmpty() ? "" : where + ".") + section, "must be a map of "
                    + (section.equals(FOR) ? "alert name" : section.equals(THRESHOLDS) ? "threshold id" : "key")
                    + " to value");
        }
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        map.fields().forEachRemaining(entries::add);
        return entries;
    }

    private String number(JsonNode value, String key, String example) {
        if (!value.isNumber()) {
            throw problem(key, (value.isTextual() ? "\"" + value.asText() + "\"" : value.toString())
                    + " is not a number; write a number like " + example + " (the default), unquoted");
        }
        return value.asText();
    }

    private String duration(JsonNode value, String key, boolean zeroAllowed, String example) {
        String text = value.isTextual() ? value.asText() : value.toString();
        if (!value.isTextual() || !Durations.isValid(text)) {
            throw problem(key, "\"" + text + "\" is not " + DURATION_GRAMMAR
                    + (example == null ? "" : " (the default is " + example + ")"));
        }
        if (!zeroAllowed && Durations.millis(text) == 0) {
            throw problem(key, "\"" + text + "\" is zero; a window or age must be positive");
        }
        return text;
    }

    private void requireObject(JsonNode node, String where, String what) {
        if (!node.isObject()) {
            throw problem(where, what + " must be a map of keys to values, not " + node.getNodeType().name().toLowerCase());
        }
    }

    private void requireKnownKeys(JsonNode node, String where, List<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw problem((where.isEmpty() ? "" : where + ".") + key, "unknown key; valid keys here: "
                        + String.join(", ", known));
            }
        }
    }

    private static String path(String where, String section, String key) {
        return (where.isEmpty() ? "" : where + ".") + section + "." + key;
    }

    private OverridesException problem(String key, String message) {
        return new OverridesException(file + ": " + (key.isEmpty() ? "" : key + ": ") + message);
    }
}
