package io.github.flinko11y.logs;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.Map;

/**
 * Supplies the Flink context to {@code logback-console.xml}:
 * {@code <define name="o11y.labels" class="io.github.flinko11y.logs.FlinkLokiPropertyDefiner"><part>labels</part></define>}.
 * Parts: {@code labels}, {@code staticLabels}, {@code structuredMetadata}, {@code messagePattern}.
 *
 * <p>A wrong setting is reported through logback's status system (printed at startup) and the
 * built-in defaults are used, so a typo never stops Flink from starting.
 */
public final class FlinkLokiPropertyDefiner extends PropertyDefinerBase {

    private String part;

    public void setPart(String part) {
        this.part = part;
    }

    @Override
    public String getPropertyValue() {
        LokiFormat format = new LokiFormat(context(), structuredMetadata(), maxLineChars());
        if ("labels".equals(part)) {
            return format.labels();
        }
        if ("staticLabels".equals(part)) {
            return format.staticLabels();
        }
        if ("structuredMetadata".equals(part)) {
            return format.structuredMetadata();
        }
        if ("messagePattern".equals(part)) {
            return format.messagePattern();
        }
        addError("<part>" + part + "</part>: use labels, staticLabels, structuredMetadata or messagePattern");
        return null;
    }

    private FlinkLogContext context() {
        try {
            return FlinkLogContext.current();
        } catch (IllegalArgumentException e) {
            addError(e.getMessage() + " (ignoring " + FlinkLogContext.ENV_EXTRA_LABELS + ")");
            Map<String, String> settings = FlinkLogContext.settings();
            settings.remove(FlinkLogContext.ENV_EXTRA_LABELS);
            return FlinkLogContext.from(settings, System.getProperties(), FlinkLogContext::localHostName);
        }
    }

    private int maxLineChars() {
        try {
            return LokiFormat.parseMaxLineChars(FlinkLogContext.settings().get(LokiFormat.ENV_MAX_LINE_CHARS));
        } catch (IllegalArgumentException e) {
            addError(e.getMessage() + " (using " + TruncatingConverter.DEFAULT_MAX_CHARS + ")");
            return TruncatingConverter.DEFAULT_MAX_CHARS;
        }
    }

    private boolean structuredMetadata() {
        try {
            return LokiFormat.parseStructuredMetadata(FlinkLogContext.settings().get(LokiFormat.ENV_STRUCTURED_METADATA));
        } catch (IllegalArgumentException e) {
            addError(e.getMessage() + " (using true)");
            return true;
        }
    }
}
