package io.github.flinko11y.catalog;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Files that do not match catalog.schema.json are rejected with the file, the place and the problem. */
class CatalogSchemaTest {

    @Test
    void aMissingFieldNamesTheFileAndField() {
        ObjectNode files = Fixtures.files();
        ((ObjectNode) files.get("labels.json")).remove("scrapeJob");
        assertThatThrownBy(() -> Catalog.of(files)).hasMessageContaining("catalog/labels.json: ")
                .hasMessageContaining("scrapeJob");
    }

    @Test
    void aDurationThresholdThatIsNoDurationIsRejected() {
        ObjectNode files = Fixtures.files();
        ((ObjectNode) files.get("thresholds.json").get("thresholds").get(0)).put("value", "10 minutes");
        assertThatThrownBy(() -> Catalog.of(files))
                .hasMessageStartingWith("The catalog does not match catalog.schema.json:")
                .hasMessageContaining("catalog/thresholds.json: thresholds[0].value: ");
    }

    @Test
    void aNumericThresholdGivenAsTextIsRejected() {
        ObjectNode files = Fixtures.files();
        ((ObjectNode) files.get("thresholds.json").get("thresholds").get(2)).put("value", "0.75");
        assertThatThrownBy(() -> Catalog.of(files)).hasMessageContaining("catalog/thresholds.json: thresholds[2].value: ");
    }

    @Test
    void anUnknownMetricTypeOrFieldIsRejected() {
        ObjectNode files = Fixtures.files();
        ObjectNode metric = (ObjectNode) files.get("flink-metrics.json").get("metrics").get(0);
        metric.put("type", "histogram");
        metric.put("colour", "red");
        assertThatThrownBy(() -> Catalog.of(files))
                .hasMessageContaining("catalog/flink-metrics.json: metrics[0].type: ")
                .hasMessageContaining("colour");
    }

    @Test
    void aRatioNeedsADenominatorAndAnAggregationNeedsNone() {
        ObjectNode files = Fixtures.files();
        ((ObjectNode) files.get("recording-rules.json").get("rules").get(2)).remove("denominator");
        assertThatThrownBy(() -> Catalog.of(files)).hasMessageContaining("catalog/recording-rules.json: rules[2]")
                .hasMessageContaining("denominator");
    }
}
