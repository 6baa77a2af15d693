package io.github.flinko11y.demo.job;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each fraud signal at WARN, where a fraud analyst's tooling would pick it up; with the kit's
 * log appender these lines reach Loki labelled with the job, and the logs dashboard shows them.
 */
public final class FraudSignalReporter extends ProcessFunction<FraudSignal, FraudSignal> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FraudSignalReporter.class);

    @Override
    public void processElement(FraudSignal signal, Context context, Collector<FraudSignal> out) {
        LOG.warn("Fraud signal {} for subscriber {} at {}", signal.rule, signal.subscriberId, signal.timestampMillis);
        out.collect(signal);
    }
}
