package io.github.flinko11y.exporter.naming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PrometheusNamesTest {

    /** Flink's PrometheusReporter sanitises with this regex; ours must agree on every input. */
    private static final Pattern FLINK_PATTERN = Pattern.compile("[^a-zA-Z0-9:_]");

    @Test
    void replacesExactlyWhatFlinksRegexReplaces() {
        String[] inputs = {
            "numRecordsIn", "Source: Custom Source -> Map", "a.b-c d", "", "ünïcödé", "😀x😀",
            "\ud800lone", "tail\udc00", "x:y_z", "Status.JVM.Memory.Heap.Used"
        };
        for (String input : inputs) {
            assertThat(PrometheusNames.replaceInvalidChars(input))
                    .as(input)
                    .isEqualTo(FLINK_PATTERN.matcher(input).replaceAll("_"));
        }
        SplittableRandom random = new SplittableRandom(3);
        char[] alphabet = "aZ09:_.- \"\\\n/é\ud83d\ude00\ud800".toCharArray();
        for (int i = 0; i < 20_000; i++) {
            char[] chars = new char[random.nextInt(0, 12)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = alphabet[random.nextInt(alphabet.length)];
            }
            String input = new String(chars);
            assertThat(PrometheusNames.replaceInvalidChars(input))
                    .as(input)
                    .isEqualTo(FLINK_PATTERN.matcher(input).replaceAll("_"));
        }
    }

    @Test
    void cleanInputIsReturnedWithoutCopying() {
        String clean = "already_clean:name";
        assertThat(PrometheusNames.replaceInvalidChars(clean)).isSameAs(clean);
    }

    @Test
    void familyNameAndHelpFollowFlinksReporter() {
        assertThat(PrometheusNames.familyName("taskmanager_job_task", "numBytesIn.PerSecond"))
                .isEqualTo("flink_taskmanager_job_task_numBytesIn_PerSecond");
        assertThat(PrometheusNames.help("taskmanager_job_task", "numBytesIn.PerSecond"))
                .isEqualTo("numBytesIn.PerSecond (scope: taskmanager_job_task)");
    }
}
