package io.github.flinko11y.exporter.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.exporter.naming.LabelSet;
import io.github.flinko11y.exporter.naming.LabelSetFactory;
import io.github.flinko11y.exporter.testing.TestMetricGroup;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.metrics.CharacterFilter;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class ProcessIdentityTest {

    private static TestMetricGroup taskManager(String host, String tmId) {
        return new TestMetricGroup("taskmanager.job.task", "<host>", host, "<tm_id>", tmId, "<job_id>", "j1");
    }

    private static TestMetricGroup jobManager(String host) {
        return new TestMetricGroup("jobmanager.job", "<host>", host, "<job_id>", "j1");
    }

    @Test
    void nothingObservedMeansNoLabels() {
        ProcessIdentity identity = new ProcessIdentity(true);
        assertThat(identity.labels().isEmpty()).isTrue();
        identity.observe(new TestMetricGroup("some.other.scope", "<x>", "y"));
        assertThat(identity.labels().names()).isEmpty();
    }

    @Test
    void aTaskManagerHasComponentHostAndTmId() {
        ProcessIdentity identity = new ProcessIdentity(true);
        identity.observe(taskManager("tm-host", "tm-host:6122-abc123"));
        assertThat(identity.labels().names()).containsExactly("component", "host", "tm_id");
        assertThat(identity.labels().values()).containsExactly("taskmanager", "tm_host", "tm_host:6122_abc123");
    }

    @Test
    void aJobManagerHasComponentAndHost() {
        ProcessIdentity identity = new ProcessIdentity(true);
        identity.observe(jobManager("jm.example.com"));
        identity.observe(new TestMetricGroup("jobmanager", "<host>", "jm.example.com"));
        assertThat(identity.labels().names()).containsExactly("component", "host");
        assertThat(identity.labels().values()).containsExactly("jobmanager", "jm_example_com");
    }

    @Test
    void aMiniClusterIsBothAndNamesItsTaskManagerWhileThereIsOne() {
        ProcessIdentity identity = new ProcessIdentity(true);
        identity.observe(jobManager("localhost"));
        identity.observe(taskManager("127.0.0.1", "tm-1"));
        assertThat(identity.labels().toString())
                .isEqualTo("{component=\"jobmanager,taskmanager\",host=\"127_0_0_1\",tm_id=\"tm_1\"}");

        identity.observe(taskManager("127.0.0.1", "tm-1"));
        identity.observe(taskManager("127.0.0.2", "tm-2"));
        assertThat(identity.labels().toString())
                .as("two TaskManagers: tm_id would name only one of them")
                .isEqualTo("{component=\"jobmanager,taskmanager\",host=\"127_0_0_1\"}");
    }

    @Test
    void jobManagerScopeIsRecognisedWithEitherDelimiter() {
        assertThat(ProcessIdentity.startsWithComponent("jobmanager", "jobmanager")).isTrue();
        assertThat(ProcessIdentity.startsWithComponent("jobmanager.job", "jobmanager")).isTrue();
        assertThat(ProcessIdentity.startsWithComponent("jobmanager_job_operator", "jobmanager")).isTrue();
        assertThat(ProcessIdentity.startsWithComponent("jobmanagers", "jobmanager")).isFalse();
        assertThat(ProcessIdentity.startsWithComponent("taskmanager.job", "jobmanager")).isFalse();
    }

    @Test
    void aTaskManagerWhoseTmIdIsExcludedIsKnownByItsScope() {
        ProcessIdentity identity = new ProcessIdentity(true);
        identity.observe(new TestMetricGroup("taskmanager.Status.JVM", "<host>", "tm-host"));
        assertThat(identity.labels().toString()).isEqualTo("{component=\"taskmanager\",host=\"tm_host\"}");
    }

    /** host and tm_id must equal the values on Flink's own series, so the two join in PromQL. */
    @Test
    void valuesAreSanitisedAsTheExporterSanitisesFlinksLabels() {
        String host = "tm-7.flink.svc.cluster.local";
        String tmId = "10.0.3.7:6122-9f86d0 ünï";
        for (boolean filter : new boolean[] {true, false}) {
            ProcessIdentity identity = new ProcessIdentity(filter);
            TestMetricGroup group = taskManager(host, tmId);
            identity.observe(group);
            LabelSet flinks = new LabelSetFactory(filter).create(group.getAllVariables());
            assertThat(identity.labels().values())
                    .as("filterLabelValueCharacters=%s", filter)
                    .containsExactly("taskmanager", value(flinks, "host"), value(flinks, "tm_id"));
        }
        ProcessIdentity filtered = new ProcessIdentity(true);
        filtered.observe(taskManager(host, tmId));
        assertThat(filtered.labels().values())
                .containsExactly("taskmanager", "tm_7_flink_svc_cluster_local", "10_0_3_7:6122_9f86d0__n_");
        ProcessIdentity raw = new ProcessIdentity(false);
        raw.observe(taskManager(host, tmId));
        assertThat(raw.labels().values()).containsExactly("taskmanager", host, tmId);
    }

    @Test
    void groupsWithoutALogicalScopeTeachNothingAndDoNotThrow() {
        ProcessIdentity identity = new ProcessIdentity(true);
        identity.observe(new UnregisteredMetricsGroup());
        identity.observe(null);
        assertThat(identity.labels().isEmpty()).isTrue();
    }

    @Test
    void onceNothingCanChangeGroupsAreNotInspected() {
        ProcessIdentity identity = new ProcessIdentity(true);
        CountingGroup first = new CountingGroup(jobManager("h"));
        identity.observe(first);
        identity.observe(new CountingGroup(taskManager("h", "tm-1")));
        identity.observe(new CountingGroup(taskManager("h", "tm-2")));
        String settled = identity.labels().toString();

        CountingGroup later = new CountingGroup(taskManager("h", "tm-3"));
        for (int i = 0; i < 100; i++) {
            identity.observe(later);
        }
        assertThat(later.variableReads.get() + later.scopeReads.get()).isZero();
        assertThat(identity.labels().toString()).isEqualTo(settled);
    }

    @Test
    void aKnownTaskManagerCostsOneVariableLookUpAndNoScope() {
        ProcessIdentity identity = new ProcessIdentity(true);
        identity.observe(taskManager("h", "tm-1"));
        CountingGroup same = new CountingGroup(taskManager("h", "tm-1"));
        for (int i = 0; i < 100; i++) {
            identity.observe(same);
        }
        assertThat(same.variableReads).hasValue(100);
        assertThat(same.scopeReads).hasValue(0);
    }

    @Test
    void aMicrometerTagOfTheSameNameWins() {
        IdentityLabels labels = IdentityLabels.of("taskmanager", "tm-host", "tm-1");
        Sample tagged = new Sample("x", Arrays.asList("host", "id"), Arrays.asList("micrometers", "a"), 1.0);
        Sample plain = new Sample("x", Collections.emptyList(), Collections.emptyList(), 2.0);
        List<MetricFamilySamples> out = labels.appendTo(Collections.singletonList(
                new MetricFamilySamples("x", Collector.Type.GAUGE, "help", Arrays.asList(tagged, plain))));
        Sample first = out.get(0).samples.get(0);
        assertThat(first.labelNames).containsExactly("host", "id", "component", "tm_id");
        assertThat(first.labelValues).containsExactly("micrometers", "a", "taskmanager", "tm-1");
        Sample second = out.get(0).samples.get(1);
        assertThat(second.labelNames).containsExactly("component", "host", "tm_id");
        assertThat(second.value).isEqualTo(2.0);
    }

    private static String value(LabelSet labels, String name) {
        for (int i = 0; i < labels.size(); i++) {
            if (labels.name(i).equals(name)) {
                return labels.value(i);
            }
        }
        throw new AssertionError("no label " + name + " in " + labels);
    }

    /** Counts how often the identity looks at a group. */
    private static final class CountingGroup extends UnregisteredMetricsGroup implements LogicalScopeProvider {
        final TestMetricGroup delegate;
        final AtomicInteger variableReads = new AtomicInteger();
        final AtomicInteger scopeReads = new AtomicInteger();

        CountingGroup(TestMetricGroup delegate) {
            this.delegate = delegate;
        }

        @Override
        public Map<String, String> getAllVariables() {
            variableReads.incrementAndGet();
            return delegate.getAllVariables();
        }

        @Override
        public String getLogicalScope(CharacterFilter filter) {
            scopeReads.incrementAndGet();
            return delegate.getLogicalScope(filter);
        }

        @Override
        public String getLogicalScope(CharacterFilter filter, char delimiter) {
            scopeReads.incrementAndGet();
            return delegate.getLogicalScope(filter, delimiter);
        }

        @Override
        public MetricGroup getWrappedMetricGroup() {
            return this;
        }
    }
}
