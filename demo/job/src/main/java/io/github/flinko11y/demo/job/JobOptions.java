package io.github.flinko11y.demo.job;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The demo job's command-line options ({@code --key value}). Unknown keys and bad numbers fail at
 * submission with a message naming the key, not later inside a task.
 */
public final class JobOptions {
    private static final Set<String> KEYS = Set.of("bootstrap-servers", "input-topic", "output-topic", "parallelism",
            "checkpoint-interval-ms", "fault-file", "top-up-burst-count", "top-up-burst-window-ms");

    public final String bootstrapServers;
    public final String inputTopic;
    public final String outputTopic;
    public final int parallelism;
    public final long checkpointIntervalMillis;
    public final String faultFile;
    public final int topUpBurstCount;
    public final long topUpBurstWindowMillis;

    private JobOptions(Map<String, String> values) {
        bootstrapServers = values.getOrDefault("bootstrap-servers", "localhost:9092");
        inputTopic = values.getOrDefault("input-topic", "subscriber-events");
        outputTopic = values.getOrDefault("output-topic", "fraud-signals");
        parallelism = (int) positiveLong(values, "parallelism", 2);
        checkpointIntervalMillis = positiveLong(values, "checkpoint-interval-ms", 10_000);
        faultFile = values.getOrDefault("fault-file", "");
        topUpBurstCount = (int) positiveLong(values, "top-up-burst-count", 3);
        topUpBurstWindowMillis = positiveLong(values, "top-up-burst-window-ms", 60_000);
    }

    public static JobOptions parse(String... args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected '--key value' pairs, got '" + args[i] + "'");
            }
            String key = args[i].substring(2);
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "; known: --" + String.join(", --", KEYS));
            }
            values.put(key, args[i + 1]);
        }
        return new JobOptions(values);
    }

    private static long positiveLong(Map<String, String> values, String key, long fallback) {
        String text = values.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + key + " must be a positive whole number, was '" + text + "'");
    }
}
