package io.github.flinko11y.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlinkComponentTest {

    @ParameterizedTest
    @CsvSource({
        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir /opt/flink/conf, jobmanager",
        "org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint, jobmanager",
        "org.apache.flink.kubernetes.entrypoint.KubernetesSessionClusterEntrypoint, jobmanager",
        "org.apache.flink.kubernetes.entrypoint.KubernetesApplicationClusterEntrypoint, jobmanager",
        "org.apache.flink.yarn.entrypoint.YarnSessionClusterEntrypoint, jobmanager",
        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir /opt/flink/conf, taskmanager",
        "org.apache.flink.kubernetes.taskmanager.KubernetesTaskExecutorRunner, taskmanager",
        "org.apache.flink.yarn.YarnTaskExecutorRunner, taskmanager",
        "org.apache.flink.runtime.webmonitor.history.HistoryServer, historyserver",
        "org.apache.flink.table.gateway.SqlGateway, sql-gateway",
        "org.apache.flink.client.cli.CliFrontend run job.jar, client",
        "com.example.TaskManagerRunner, unknown",
        "/opt/app/app.jar, unknown",
    })
    void mainClassNamesTheComponent(String javaCommand, String component) {
        assertThat(FlinkComponent.fromMainClass(javaCommand).labelValue()).isEqualTo(component);
    }

    @ParameterizedTest
    @CsvSource({
        "/opt/flink/log/flink--standalonesession-0-flink-jm-7d9f.log, jobmanager",
        "/opt/flink/log/flink--taskexecutor-0-flink-tm-1.log, taskmanager",
        "/opt/flink/log/jobmanager.log, jobmanager",
        "/opt/flink/log/taskmanager.log, taskmanager",
        "/opt/flink/log/flink-flink-kubernetes-application-0-host.log, jobmanager",
        "/opt/flink/log/flink-alice-historyserver-0-host.log, historyserver",
        "/opt/flink/log/flink-alice-client-host.log, client",
        "/tmp/app.log, unknown",
    })
    void logFileNameNamesTheComponent(String logFile, String component) {
        assertThat(FlinkComponent.fromLogFile(logFile).labelValue()).isEqualTo(component);
    }
}
