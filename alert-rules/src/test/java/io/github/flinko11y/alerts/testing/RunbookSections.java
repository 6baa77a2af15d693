package io.github.flinko11y.alerts.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sections of docs/runbooks.md, by the alert name of their heading. */
public final class RunbookSections {
    private static final Pattern ALERT_HEADING = Pattern.compile("(?m)^## (Flink[A-Za-z0-9]+)$");

    private RunbookSections() {}

    /** Each alert's section body; an IllegalStateException when an alert has two. */
    public static Map<String, String> read() throws IOException {
        String document = Files.readString(ModuleFiles.REPOSITORY.resolve("docs/runbooks.md"));
        Map<String, String> sections = new LinkedHashMap<>();
        Matcher heading = ALERT_HEADING.matcher(document);
        while (heading.find()) {
            // A section runs to the next heading of any kind.
            int next = document.indexOf("\n## ", heading.end());
            String body = document.substring(heading.end(), next < 0 ? document.length() : next);
            if (sections.put(heading.group(1), body) != null) {
                throw new IllegalStateException("docs/runbooks.md has two sections for " + heading.group(1));
            }
        }
        return sections;
    }
}
