package io.github.flinko11y.demo.job;

import io.github.flinko11y.demo.fault.Fault;
import io.github.flinko11y.demo.fault.FaultSwitch;
import java.util.ArrayList;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Applies {@link FraudRules} per subscriber, with the balance and recent top-ups in keyed state,
 * and counts what it sees through Flink's metric API ({@code eventsProcessed}, {@code fraudSignals}
 * and the meter {@code fraudSignalsPerSecond}), so the business shows up next to the runtime on our
 * dashboards. It is also where the demo's faults strike: see {@link Fault}.
 */
public final class FraudDetector extends KeyedProcessFunction<String, SubscriberEvent, FraudSignal>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    static final long BACKPRESSURE_MILLIS_PER_RECORD = 50;

    private final FraudRules rules;
    private final FaultSwitch faults;
    private transient ValueState<Long> balance;
    private transient ListState<Long> recentTopUps;
    private transient Counter eventsProcessed;
    private transient Counter fraudSignals;

    public FraudDetector(FraudRules rules, FaultSwitch faults) {
        this.rules = rules;
        this.faults = faults;
    }

    @Override
    public void open(OpenContext context) {
        balance = getRuntimeContext().getState(new ValueStateDescriptor<>("balance-cents", Long.class));
        recentTopUps = getRuntimeContext().getListState(new ListStateDescriptor<>("recent-top-ups", Long.class));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        eventsProcessed = metrics.counter("eventsProcessed");
        fraudSignals = metrics.counter("fraudSignals");
        metrics.meter("fraudSignalsPerSecond", new MeterView(fraudSignals));
    }

    @Override
    public void processElement(SubscriberEvent event, Context context, Collector<FraudSignal> out) throws Exception {
        Fault fault = faults.current();
        if (fault == Fault.RESTART_LOOP) {
            throw new InjectedFaultException("fault '" + fault.word() + "' switched on: failing on " + event);
        }
        if (fault == Fault.FAIL_JOB) {
            // Flink's marker for an error no restart can mend: the job goes to FAILED at once
            throw new SuppressRestartsException(
                    new InjectedFaultException("fault '" + fault.word() + "' switched on: failing for good on " + event));
        }
        if (fault == Fault.BACKPRESSURE) {
            Thread.sleep(BACKPRESSURE_MILLIS_PER_RECORD);
        }
        FraudRules.SubscriberState state = load();
        Optional<FraudSignal> signal = rules.apply(state, event);
        store(state);
        eventsProcessed.inc();
        if (signal.isPresent()) {
            fraudSignals.inc();
            out.collect(signal.get());
        }
    }

    private FraudRules.SubscriberState load() throws Exception {
        FraudRules.SubscriberState state = new FraudRules.SubscriberState();
        Long cents = balance.value();
        if (cents != null) {
            state.balanceCents = cents;
        }
        for (Long topUp : recentTopUps.get()) {
            state.recentTopUps.addLast(topUp);
        }
        return state;
    }

    private void store(FraudRules.SubscriberState state) throws Exception {
        balance.update(state.balanceCents);
        recentTopUps.update(new ArrayList<>(state.recentTopUps));
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        // all state is keyed state, snapshotted by Flink. (A failure thrown here would not show as a
        // failed checkpoint: Flink fails the task over on errors in a checkpoint's synchronous part.)
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        // all state is keyed state, restored by Flink
    }

    /** Thrown on purpose by the demo's fault switch, so logs and alerts can tell it from a bug. */
    static final class InjectedFaultException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFaultException(String message) {
            super(message);
        }
    }
}
