package io.github.flinko11y.flinktests.support;

import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.MapFunction;

/** The functions of the plain streaming jobs the integration tests run. */
public final class JobFunctions {

    private JobFunctions() {}

    /** About 1000 records a second, so the job runs for as long as the test needs. */
    public static final class Throttle implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long map(Long value) throws Exception {
            Thread.sleep(1);
            return value;
        }
    }

    /** Drops odd numbers: a second operator with records in and fewer out. */
    public static final class KeepEven implements FilterFunction<Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(Long value) {
            return value % 2 == 0;
        }
    }
}
