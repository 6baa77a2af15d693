package io.github.flinko11y.exporter.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the series a capped scrape keeps. The least detailed series go first: fewer labels
 * means a higher level (process, then job, task, operator), which is what keeps a dashboard and
 * the alerts useful when a job explodes into too many operators. Ties are broken by family name
 * and label bytes, so the choice depends only on what is registered, never on timing or order.
 */
final class SeriesCap {

    private SeriesCap() {}

    private static final class Candidate {
        final int position;
        final int labelCount;
        final int family;
        final byte[] labels;
        final int lines;

        Candidate(int position, int labelCount, int family, byte[] labels, int lines) {
            this.position = position;
            this.labelCount = labelCount;
            this.family = family;
            this.labels = labels;
            this.lines = lines;
        }
    }

    private static final Comparator<Candidate> PRIORITY =
            Comparator.<Candidate>comparingInt(c -> c.labelCount)
                    .thenComparingInt(c -> c.family)
                    .thenComparing((a, b) -> Arrays.compareUnsigned(a.labels, b.labels));

    /**
     * One flag per series, in the iteration order of {@code families} and their series: true
     * when the series fits under {@code maxLines} sample lines.
     */
    static boolean[] select(Collection<MetricFamily> families, Semantics semantics, int maxLines) {
        List<Candidate> candidates = new ArrayList<>();
        int family = 0;
        int position = 0;
        for (MetricFamily f : families) {
            for (Series series : f.series.values()) {
                candidates.add(
                        new Candidate(
                                position++,
                                series.labels().size(),
                                family,
                                series.labels().rendered(),
                                semantics.lines(series.kind())));
            }
            family++;
        }
        candidates.sort(PRIORITY);
        boolean[] kept = new boolean[position];
        long lines = 0;
        for (Candidate candidate : candidates) {
            if (lines + candidate.lines > maxLines) {
                break; // stop at the first that does not fit, so priority order is never skipped
            }
            lines += candidate.lines;
            kept[candidate.position] = true;
        }
        return kept;
    }
}
