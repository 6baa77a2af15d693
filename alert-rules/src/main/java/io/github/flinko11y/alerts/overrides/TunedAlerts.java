package io.github.flinko11y.alerts.overrides;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.flinko11y.alerts.loki.LogAlerts;
import io.github.flinko11y.alerts.rules.Alert;
import io.github.flinko11y.alerts.rules.AlertGroup;
import io.github.flinko11y.alerts.rules.FlinkAlerts;
import io.github.flinko11y.alerts.rules.Scope;
import io.github.flinko11y.alerts.rules.Series;
import io.github.flinko11y.catalog.Catalog;
import io.github.flinko11y.catalog.Durations;
import io.github.flinko11y.catalog.Threshold;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Prometheus alerts with a user's overrides applied. Settings at the top of the file change the
 * catalog for every series (the recording and Loki rules included). An override changes the alerts
 * that use what it sets, on the series its {@code match} selects: such an alert is written once per
 * combination of the overrides that apply to it, each copy with the matchers of its combination (and
 * the negated matchers of the others) added to every series selector, so the copies see disjoint
 * series and each series is evaluated by exactly one. Every other alert stays single.
 *
 * <p>Which alerts use a setting is found by rendering them with that setting changed, not by reading
 * their PromQL; which series an alert can be narrowed to, by the labels its selectors carry
 * ({@link Series}).
 */
public final class TunedAlerts {

    /** The label on each copy of an overridden alert: the series it evaluates ({@code job_name=billing}). */
    public static final String SCOPE_LABEL = "override_scope";
    /** More copies of one alert than this is a mistake (overrides with patterns on many labels). */
    static final int MAX_COPIES = 64;
    private static final String THRESHOLDS = "thresholds.json";
    /** Pseudo alert names: a setting the recording rules or the Loki rules use cannot be set per series. */
    static final String RECORDING_RULES = "(recording rules)";
    static final String LOKI_RULES = "(Loki rules)";

    private final ObjectNode base;
    private final AlertOverrides overrides;
    /** Renderings are pure functions of the catalog files and the scope: shared, and bounded. */
    private static final Map<String, Rendering> RENDERINGS = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Rendering> eldest) {
            return size() > 256;
        }
    };
    private final ObjectNode globalFiles;
    private final Rendering defaults;
    /** Threshold id or {@code for:} key → the alerts whose expression, {@code for:} or description it changes. */
    private final Map<String, Set<String>> thresholdUsers = new LinkedHashMap<>();
    private final Map<String, Set<String>> forKeyUsers = new LinkedHashMap<>();
    /** Alert name → the {@code forDurations} key its {@code for:} is. */
    private final Map<String, String> forKeyOf = new HashMap<>();
    private final List<AlertGroup> groups;

    /** {@code files}: the catalog's files ({@link Catalog#readBundled}), which stay unchanged. */
    public TunedAlerts(ObjectNode files, AlertOverrides overrides) {
        this.base = files.deepCopy();
        this.overrides = overrides;
        this.globalFiles = base.deepCopy();
        apply(globalFiles, overrides.global(), null);
        this.defaults = render(globalFiles, Scope.ALL);
        findUses();
        checkOverrides();
        this.groups = tunedGroups();
    }

    /** The catalog with the file's top-level settings: for the recording rules, Loki rules and routing. */
    public Catalog catalog() {
        return defaults.catalog;
    }

    /** The alert groups, each overridden alert once per scope. */
    public List<AlertGroup> groups() {
        return groups;
    }

    /** The alert groups with one copy of each alert, as without per-series overrides. */
    public List<AlertGroup> unscopedGroups() {
        return defaults.groups;
    }

    private void findUses() {
        List<Map<String, Object>> recording = defaults.catalog.recordingRules().ruleGroups();
        AlertGroup loki = new LogAlerts(defaults.catalog).group();
        for (Threshold threshold : defaults.catalog.thresholds().all()) {
            ObjectNode bumped = globalFiles.deepCopy();
            ObjectNode entry = thresholdEntry(bumped, threshold.id());
            if (threshold.isDuration()) {
                entry.put("value", Durations.format(Durations.millis(threshold.value()) + 1000));
            } else {
                entry.put("value", new BigDecimal(threshold.value()).add(BigDecimal.ONE));
            }
            Rendering r = render(bumped, Scope.ALL);
            thresholdUsers.put(threshold.id(), changed(r));
            if (!r.catalog.recordingRules().ruleGroups().equals(recording)) {
                thresholdUsers.get(threshold.id()).add(RECORDING_RULES);
            }
            if (!new LogAlerts(r.catalog).group().equals(loki)) {
                thresholdUsers.get(threshold.id()).add(LOKI_RULES);
            }
        }
        for (Map.Entry<String, String> key : defaults.catalog.thresholds().forDurations().entrySet()) {
            ObjectNode bumped = globalFiles.deepCopy();
            ((ObjectNode) bumped.get(THRESHOLDS).get("forDurations"))
                    .put(key.getKey(), Durations.format(Durations.millis(key.getValue()) + 1000));
            Rendering r = render(bumped, Scope.ALL);
            forKeyUsers.put(key.getKey(), changed(r));
            for (String name : defaults.alerts.keySet()) {
                if (!r.alerts.get(name).forDuration().equals(defaults.alerts.get(name).forDuration())) {
                    forKeyOf.put(name, key.getKey());
                }
            }
        }
    }

    private Set<String> changed(Rendering r) {
        Set<String> names = new LinkedHashSet<>();
        for (Map.Entry<String, Alert> alert : defaults.alerts.entrySet()) {
            if (!alert.getValue().equals(r.alerts.get(alert.getKey()))) {
                names.add(alert.getKey());
            }
        }
        return names;
    }

    /** The alerts an override's settings reach, whether or not they can be narrowed to its match. */
    private Set<String> users(Settings settings) {
        Set<String> names = new LinkedHashSet<>();
        settings.thresholds().keySet().forEach(id -> names.addAll(thresholdUsers.get(id)));
        settings.forDurations().keySet().forEach(key -> names.addAll(forKeyUsers.get(key)));
        names.addAll(settings.forAlerts().keySet());
        return names;
    }

    private void checkOverrides() {
        for (AlertOverrides.Override o : overrides.overrides()) {
            Settings s = o.settings();
            for (String id : s.thresholds().keySet()) {
                Set<String> users = thresholdUsers.get(id);
                for (String rules : List.of(RECORDING_RULES, LOKI_RULES)) {
                    if (users.contains(rules)) {
                        throw problem(s.path("thresholds", id), "the " + rules.substring(1, rules.length() - 1)
                                + " use this threshold, and they are not per series: set it under the top-level"
                                + " thresholds instead");
                    }
                }
                requireReaches(o, s.path("thresholds", id), users);
            }
            for (String key : s.forDurations().keySet()) {
                requireReaches(o, s.path("forDurations", key), forKeyUsers.get(key));
            }
            for (String name : s.forAlerts().keySet()) {
                if (!narrowable(name, o)) {
                    throw problem(s.path("for", name), name + " cannot be narrowed to " + Scope.of(o.match())
                            + ": " + whyNot(name, o) + "; set its for: at the top level instead");
                }
            }
        }
    }

    private void requireReaches(AlertOverrides.Override o, String key, Set<String> users) {
        if (users.isEmpty()) {
            throw problem(key, "no Prometheus alert uses it");
        }
        if (users.stream().noneMatch(name -> narrowable(name, o))) {
            List<String> reasons = users.stream().map(name -> name + " (" + whyNot(name, o) + ")").toList();
            throw problem(key, "no alert that uses it can be narrowed to " + Scope.of(o.match()) + ": "
                    + String.join("; ", reasons) + ". Match on labels these series carry, or set it at the top level");
        }
    }

    /** Whether alert {@code name} reads only series that carry every label {@code o} matches on. */
    private boolean narrowable(String name, AlertOverrides.Override o) {
        return whyNot(name, o) == null;
    }

    private String whyNot(String name, AlertOverrides.Override o) {
        Rendering scoped = render(globalFiles, Scope.of(o.match()));
        Alert alert = scoped.alerts.get(name);
        if (alert.expr().equals(defaults.alerts.get(name).expr())) {
            return "it reads no series";
        }
        for (String selector : scoped.unscopable) {
            if (contains(alert.expr(), selector)) {
                return "it reads " + selector.substring(0, selector.indexOf('{')) + ", which lacks "
                        + String.join(" or ", Scope.of(o.match()).labels());
            }
        }
        return null;
    }

    /** {@code selector} as a whole selector in {@code expr}, not the tail of a longer metric name. */
    private static boolean contains(String expr, String selector) {
        return Pattern.compile("(?<![A-Za-z0-9_:])" + Pattern.quote(selector)).matcher(expr).find();
    }

    private List<AlertGroup> tunedGroups() {
        List<AlertGroup> tuned = new ArrayList<>();
        for (AlertGroup group : defaults.groups) {
            List<Alert> alerts = new ArrayList<>();
            for (Alert alert : group.alerts()) {
                alerts.addAll(copies(alert.name()));
            }
            tuned.add(new AlertGroup(group.name(), alerts));
        }
        return List.copyOf(tuned);
    }

    /** A scope and the overrides that apply on it, in file order. */
    private record Cell(Scope scope, List<AlertOverrides.Override> members) {}

    private List<Alert> copies(String name) {
        List<AlertOverrides.Override> applying = overrides.overrides().stream()
                .filter(o -> users(o.settings()).contains(name) && narrowable(name, o)).toList();
        List<Cell> cells = List.of(new Cell(Scope.ALL, List.of()));
        for (AlertOverrides.Override o : applying) {
            List<Cell> next = new ArrayList<>();
            for (Cell cell : cells) {
                Scope inside = cell.scope().and(o.match());
                if (inside != null) {
                    List<AlertOverrides.Override> members = new ArrayList<>(cell.members());
                    members.add(o);
                    next.add(new Cell(inside, members));
                }
                // Outside a conjunction of matchers: the first one fails, or it holds and the second fails, ...
                List<Scope.Matcher> holding = new ArrayList<>();
                for (Scope.Matcher m : o.match()) {
                    List<Scope.Matcher> piece = new ArrayList<>(holding);
                    piece.add(m.negate());
                    Scope outside = cell.scope().and(piece);
                    if (outside != null) {
                        next.add(new Cell(outside, cell.members()));
                    }
                    holding.add(m);
                }
            }
            cells = next;
            if (cells.size() > MAX_COPIES) {
                throw new OverridesException(overrides.file() + ": " + name + " would be written " + cells.size()
                        + " times (more than " + MAX_COPIES + ") to combine " + applying.size()
                        + " overrides; use fewer overrides or exact label values");
            }
        }
        List<Alert> copies = new ArrayList<>();
        for (Cell cell : cells) {
            ObjectNode files = base.deepCopy();
            apply(files, overrides.global(), name);
            cell.members().forEach(o -> apply(files, o.settings(), name));
            Alert alert = render(files, cell.scope()).alerts.get(name);
            String forOfAlert = forOfAlert(name, cell.members());
            if (forOfAlert != null && !forKeyOf.containsKey(name)) {
                alert = alert.withFor(forOfAlert);
            }
            // Copies differ in a label, so no two rules have the same name and labels (promtool's lint).
            copies.add(cells.size() == 1 ? alert : alert.withLabel(SCOPE_LABEL, cell.scope().describe()));
        }
        return copies;
    }

    private String forOfAlert(String name, List<AlertOverrides.Override> members) {
        String value = overrides.global().forAlerts().get(name);
        for (AlertOverrides.Override o : members) {
            value = o.settings().forAlerts().getOrDefault(name, value);
        }
        return value;
    }

    /**
     * Writes {@code settings} into the catalog {@code files}; with {@code alert}, also that alert's own
     * {@code for:}, as the {@code forDurations} key it uses (so its description, which may quote it, follows).
     */
    private void apply(ObjectNode files, Settings settings, String alert) {
        ObjectNode thresholds = (ObjectNode) files.get(THRESHOLDS);
        settings.thresholds().forEach((id, value) -> {
            ObjectNode entry = thresholdEntry(files, id);
            if ("duration".equals(entry.path("unit").asText())) {
                entry.put("value", value);
            } else {
                entry.put("value", new BigDecimal(value));
            }
        });
        ObjectNode forDurations = (ObjectNode) thresholds.get("forDurations");
        settings.forDurations().forEach(forDurations::put);
        if (alert != null && settings.forAlerts().containsKey(alert) && forKeyOf.containsKey(alert)) {
            forDurations.put(forKeyOf.get(alert), settings.forAlerts().get(alert));
        }
    }

    private static ObjectNode thresholdEntry(ObjectNode files, String id) {
        for (JsonNode entry : files.get(THRESHOLDS).get("thresholds")) {
            if (entry.path("id").asText().equals(id)) {
                return (ObjectNode) entry;
            }
        }
        throw new IllegalArgumentException("no threshold " + id);
    }

    private OverridesException problem(String key, String message) {
        return new OverridesException(overrides.file() + ": " + key + ": " + message);
    }

    /** The alerts of one catalog on one scope, and the selectors there that could not be narrowed. */
    private static final class Rendering {
        final Catalog catalog;
        final List<AlertGroup> groups;
        final Map<String, Alert> alerts = new LinkedHashMap<>();
        final Set<String> unscopable;

        Rendering(Catalog catalog, Scope scope) {
            this.catalog = catalog;
            Series series = new Series(catalog, scope);
            this.groups = new FlinkAlerts(series).groups();
            groups.forEach(g -> g.alerts().forEach(a -> alerts.put(a.name(), a)));
            this.unscopable = series.unscopable();
        }
    }

    private static Rendering render(ObjectNode files, Scope scope) {
        String key = files.toString() + "\n" + scope;
        synchronized (RENDERINGS) {
            Rendering cached = RENDERINGS.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Rendering rendering = new Rendering(Catalog.of(files), scope);
        synchronized (RENDERINGS) {
            RENDERINGS.put(key, rendering);
        }
        return rendering;
    }
}
