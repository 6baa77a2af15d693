import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { Catalog } from '../catalog/catalog';
import { PromQL } from './promql';

/** Datasource uids of our Grafana provisioning (provisioning/datasources.yaml). */
export const PROMETHEUS_UID = 'prometheus';
export const LOKI_UID = 'loki';

/** Names of the datasource variables; every panel and query points at one of them. */
export const PROMETHEUS_VARIABLE = 'datasource';
export const LOKI_VARIABLE = 'loki_datasource';

export const PROMETHEUS_DATASOURCE = { type: 'prometheus', uid: `\${${PROMETHEUS_VARIABLE}}` };
export const LOKI_DATASOURCE = { type: 'loki', uid: `\${${LOKI_VARIABLE}}` };

/** What "All" selects for multi-value variables: any non-empty value (matchers use =~). */
const ALL_VALUE = '.+';

/**
 * The template variables, chained: namespace → cluster → job_name → job_id / task_name, and
 * namespace → cluster → tm_id. Each filters the label of the same name (see PromQL.metric).
 */
export class Variables {
  /** Filters for dashboards of a whole Flink cluster. */
  readonly cluster: readonly string[];
  /** ... of one job. */
  readonly job: readonly string[];
  /** ... of chosen tasks of one job. */
  readonly task: readonly string[];
  /** ... of chosen TaskManager processes. */
  readonly taskManager: readonly string[];

  constructor(
    private readonly catalog: Catalog,
    private readonly promql: PromQL,
  ) {
    const namespace = catalog.targetLabel('namespace');
    const cluster = catalog.targetLabel('cluster');
    this.cluster = [namespace, cluster];
    this.job = [...this.cluster, catalog.label('job_name')];
    this.task = [...this.job, catalog.label('task_name')];
    this.taskManager = [...this.cluster, catalog.label('tm_id')];
  }

  prometheusDatasource(): dashboard.DatasourceVariableBuilder {
    return new dashboard.DatasourceVariableBuilder(PROMETHEUS_VARIABLE)
      .label('Prometheus')
      .type('prometheus')
      .current({ text: 'Prometheus', value: PROMETHEUS_UID });
  }

  lokiDatasource(): dashboard.DatasourceVariableBuilder {
    return new dashboard.DatasourceVariableBuilder(LOKI_VARIABLE)
      .label('Loki')
      .type('loki')
      .current({ text: 'Loki', value: LOKI_UID });
  }

  /** namespace and cluster, from the targets of our scrape job. */
  clusterVariables(): dashboard.QueryVariableBuilder[] {
    const [namespace, cluster] = this.cluster;
    return [
      this.labelValues(namespace, 'Namespace', this.promql.scrapeSeries('up', [])),
      this.labelValues(cluster, 'Flink cluster', this.promql.scrapeSeries('up', [namespace])),
    ];
  }

  /** namespace, cluster, job_name and the hidden job_id of the chosen job (logs carry job ids). */
  jobVariables(): dashboard.QueryVariableBuilder[] {
    const jobName = this.catalog.label('job_name');
    const jobId = this.catalog.label('job_id');
    return [
      ...this.clusterVariables(),
      this.labelValues(jobName, 'Job', this.promql.metric('job.runningTime', this.cluster)),
      this.multiValue(jobId, 'Job id', this.promql.metric('job.runningTime', this.job)).hide(
        dashboard.VariableHide.HideVariable,
      ),
    ];
  }

  /**
   * The fleet: namespace, cluster and job_name, each multi-value with All (the default), so one
   * dashboard lists every job of every cluster the Prometheus sees.
   */
  fleetVariables(): dashboard.QueryVariableBuilder[] {
    const [namespace, cluster] = this.cluster;
    const jobName = this.catalog.label('job_name');
    return [
      this.multiValue(namespace, 'Namespace', this.promql.scrapeSeries('up', [])),
      this.multiValue(cluster, 'Flink cluster', this.promql.scrapeSeries('up', [namespace])),
      this.multiValue(jobName, 'Job', this.promql.metric('job.runningTime', this.cluster)),
    ];
  }

  /** ... plus task_name (multi-value, All by default). */
  taskVariables(): dashboard.QueryVariableBuilder[] {
    const taskName = this.catalog.label('task_name');
    return [
      ...this.jobVariables(),
      this.multiValue(taskName, 'Task', this.promql.metric('task.busyTimeMsPerSecond', this.job)),
    ];
  }

  /** namespace, cluster and tm_id (multi-value, All by default). */
  taskManagerVariables(): dashboard.QueryVariableBuilder[] {
    const tmId = this.catalog.label('tm_id');
    return [
      ...this.clusterVariables(),
      this.multiValue(tmId, 'TaskManager', this.promql.metric('taskmanager.heapUsed', this.cluster)),
    ];
  }

  private multiValue(name: string, label: string, series: string): dashboard.QueryVariableBuilder {
    return this.labelValues(name, label, series)
      .multi(true)
      .includeAll(true)
      .allValue(ALL_VALUE)
      .current({ text: 'All', value: '$__all' });
  }

  private labelValues(name: string, label: string, series: string): dashboard.QueryVariableBuilder {
    const query = `label_values(${series}, ${name})`;
    return new dashboard.QueryVariableBuilder(name)
      .label(label)
      .datasource(PROMETHEUS_DATASOURCE)
      .query({ qryType: 1, query, refId: 'PrometheusVariableQueryEditor-VariableQuery' })
      .definition(query)
      .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
      .sort(dashboard.VariableSort.AlphabeticalAsc);
  }
}
