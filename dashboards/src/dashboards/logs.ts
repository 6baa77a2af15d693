import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { DashboardSpec, Kit } from '../grafana/dashboard-spec';
import { LOKI_DATASOURCE } from '../grafana/variables';
import { LOGS } from './identities';

/** Grafana's step for Loki metric queries (the LogQL counterpart of $__rate_interval). */
export const LOKI_INTERVAL = '$__auto';

/**
 * Lines the log appender ships to Loki (see log-appender/README.md): stream labels namespace,
 * cluster, component, app; level and flink_job_id are structured metadata (Loki 3).
 */
export function logs(kit: Kit): DashboardSpec {
  const { catalog, panels, variables } = kit;
  const namespace = catalog.logField(catalog.targetLabel('namespace'));
  const cluster = catalog.logField(catalog.targetLabel('cluster'));
  const component = catalog.logField('component');
  const level = catalog.logField('level');
  const jobIdField = catalog.logField('flink_job_id');
  const jobIdVariable = catalog.label('job_id');
  const error = catalog.logLevel('ERROR');
  const warn = catalog.logLevel('WARN');

  const clusterStreams = `{${namespace}=~"$${namespace}", ${cluster}=~"$${cluster}"}`;
  const componentStreams = `{${namespace}=~"$${namespace}", ${cluster}=~"$${cluster}", ${component}=~"$${component}"}`;
  const volume = (by: string, pipeline = '') =>
    `sum by (${by}) (count_over_time(${componentStreams}${pipeline} [${LOKI_INTERVAL}]))`;

  const componentVariable = new dashboard.QueryVariableBuilder(component)
    .label('Component')
    .datasource(LOKI_DATASOURCE)
    .query({ type: 1, label: component, stream: clusterStreams, refId: 'LokiVariableQueryEditor-VariableQuery' })
    .definition(`label_values(${clusterStreams}, ${component})`)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.+')
    .current({ text: 'All', value: '$__all' });

  return {
    identity: LOGS,
    description: 'Log volume by level and component, and the error lines of the chosen job, from Loki.',
    questions: [
      'When did errors and warnings start, and in which component?',
      'Which exception did the chosen job log before it restarted?',
    ],
    variables: [
      variables.prometheusDatasource(),
      variables.lokiDatasource(),
      ...variables.jobVariables(),
      componentVariable,
    ],
    rows: [
      {
        title: 'Volume',
        panels: [
          panels.logVolume({
            title: 'Log lines by level',
            description: 'Lines per interval by level; a jump in ERROR or WARN dates the incident.',
            targets: [{ expr: volume(level), legend: `{{${level}}}` }],
            width: 8,
          }),
          panels.logVolume({
            title: 'Log lines by component',
            description: 'Lines per interval by Flink process kind (jobmanager, taskmanager, ...).',
            targets: [{ expr: volume(component), legend: `{{${component}}}` }],
            width: 8,
          }),
          panels.logVolume({
            title: 'Error lines by component',
            description: `${error} lines per interval by component.`,
            targets: [{ expr: volume(component, ` | ${level}="${error}"`), legend: `{{${component}}}` }],
            width: 8,
          }),
        ],
      },
      {
        title: 'Lines',
        panels: [
          panels.logs({
            title: 'Errors and warnings of the job',
            description: `${error} and ${warn} lines logged inside the chosen job (Flink's job id on the line), newest first.`,
            expr: `${clusterStreams} | ${jobIdField}=~"$${jobIdVariable}" | ${level}=~"${error}|${warn}"`,
          }),
          panels.logs({
            title: 'All lines of the chosen components',
            description: 'Every line of the chosen components, newest first; open a line for its pod, thread and logger.',
            expr: componentStreams,
          }),
        ],
      },
    ],
    firstLooks: [
      { thresholds: ['restartWindow'], look: '"Errors and warnings of the job": the exception that made the job restart is among the first ERROR lines before the restart.' },
      { thresholds: ['logDropWindow'], look: '"Log lines by component" shows which processes still ship; the Exporter health dashboard counts what was dropped.' },
    ],
  };
}
