import { DashboardSpec, Kit } from '../grafana/dashboard-spec';
import { rowLink } from '../grafana/links';
import { alertAnnotation, restartAnnotation } from './annotations';
import { FLEET_OVERVIEW, JOB_DETAIL } from './identities';

/** Grafana's length of the dashboard's time range: the table counts restarts within it. */
export const TIME_RANGE = '$__range';

/** Every job of every chosen namespace and cluster, one table row each, linking to the job dashboard. */
export function fleetOverview(kit: Kit): DashboardSpec {
  const { catalog, promql, panels, variables, queries } = kit;
  const taskName = catalog.label('task_name');
  const v = variables.job;
  const key = v.join(', ');
  const maxByJob = (expr: string) => `max by (${key}) (${expr})`;
  const running = promql.metric('job.runningTime', v);
  const restarting = promql.metric('job.restartingTime', v);
  const unit = (id: string) => catalog.metric(id).unit;
  const severity = 'severity';
  // Zero for each severity, so the stat reads 0 rather than "No data" while nothing fires.
  const noSeverities = `label_replace(vector(0), "${severity}", "critical", "", "") or label_replace(vector(0), "${severity}", "warning", "", "")`;

  return {
    identity: FLEET_OVERVIEW,
    description: 'Every Flink job of the chosen namespaces and clusters in one table: state, restarts, checkpoints, throughput, busiest task and source lag.',
    questions: [
      'Which jobs run where, and which of them are not RUNNING?',
      'Which jobs restarted in the time range, or stopped checkpointing?',
      'How many jobs run, how many restart, and how many alerts fire across the fleet?',
      'Which job moves how many records, which task is its bottleneck, and how far behind are its sources, in records and in time?',
    ],
    variables: [variables.prometheusDatasource(), ...variables.fleetVariables()],
    annotations: [restartAnnotation(kit, v), alertAnnotation(kit, variables.cluster)],
    timeFrom: '24h',
    rows: [
      {
        title: 'Fleet',
        panels: [
          panels.stat({
            title: 'Jobs running',
            description: 'Jobs of the chosen namespaces and clusters in the RUNNING state now.',
            unit: 'short',
            targets: [{ expr: `count(${maxByJob(`${running} > 0`)}) or vector(0)`, legend: 'running' }],
            width: 6,
            height: 4,
          }),
          panels.stat({
            title: 'Jobs restarting',
            description: 'Jobs in the RESTARTING state now: each one processes nothing until it is back.',
            unit: 'short',
            targets: [{ expr: `count(${maxByJob(`${restarting} > 0`)}) or vector(0)`, legend: 'restarting' }],
            width: 6,
            height: 4,
          }),
          panels.stat({
            title: 'Flink alerts firing',
            description: 'Alerts of the kit firing now in the chosen namespaces and clusters, by severity (critical pages, warning tickets).',
            unit: 'short',
            targets: [{ expr: `sum by (${severity}) (count by (${severity}) (${promql.firingAlerts(variables.cluster)}) or ${noSeverities})`, legend: `{{${severity}}}` }],
            width: 12,
            height: 4,
          }),
        ],
      },
      {
        title: 'Jobs',
        panels: [
          panels.table({
            title: 'Jobs',
            description:
              'One row per job (namespace, Flink cluster, job name). State: RUNNING, RESTARTING, or another state (created, failing, cancelling: Flink reports no series once a job has ended). Restarts: within the dashboard\'s time range (24 h by default). Checkpoint age on Flink 1.20 from the completed-checkpoint count (see the job dashboard). Records in: what the sources emit; out: what the sinks receive. Busiest task: the task whose worst subtask is busy the longest. Source lag: records the sources have not read, empty for sources that do not know their backlog; event-time lag: how far the lowest watermark trails the wall clock. Click a row to open the job.',
            keys: v as string[],
            extraLabels: { [taskName]: 'Busiest task' },
            columns: [
              {
                title: 'State',
                expr: `${maxByJob(`${running} > 0`)} * 0 + 1 or ${maxByJob(`${restarting} > 0`)} * 0 + 2 or ${maxByJob(running)} * 0`,
                unit: 'short',
                mappings: { 0: { text: 'other', color: 'yellow' }, 1: { text: 'RUNNING', color: 'green' }, 2: { text: 'RESTARTING', color: 'orange' } },
              },
              { title: 'Running time', expr: maxByJob(running), unit: unit('job.runningTime') },
              {
                title: 'Restarts',
                expr: `sum by (${key}) (increase(${promql.metric('job.numRestarts', v)}[${TIME_RANGE}]))`,
                unit: 'short',
              },
              { title: 'Checkpoint age', expr: maxByJob(queries.checkpointAge(v)), unit: 's', threshold: { ids: ['checkpointMaxAge'] } },
              { title: 'Checkpoint duration', expr: maxByJob(promql.metric('job.lastCheckpointDuration', v)), unit: unit('job.lastCheckpointDuration') },
              { title: 'Checkpoint size', expr: maxByJob(promql.metric('job.lastCheckpointFullSize', v)), unit: unit('job.lastCheckpointFullSize') },
              { title: 'Records in', expr: queries.sourceRecordsOut(v, v), unit: unit('operator.numRecordsOutPerSecond') },
              { title: 'Records out', expr: queries.sinkRecordsIn(v, v), unit: unit('operator.numRecordsInPerSecond') },
              {
                title: 'Busy time of the busiest task',
                expr: `max by (${key}, ${taskName}) (topk by (${key}) (1, ${promql.recorded('task.busyTimeMsPerSecond', 'max', v)}))`,
                unit: unit('task.busyTimeMsPerSecond'),
                threshold: { ids: ['busyMsPerSecond'] },
              },
              {
                title: 'Source lag',
                expr: `sum by (${key}) (${promql.recorded('operator.pendingRecords', 'sum', v)})`,
                unit: unit('operator.pendingRecords'),
                threshold: { ids: ['sourceLagRecords'] },
              },
              {
                title: 'Event-time lag',
                expr: maxByJob(promql.recorded('operator.currentOutputWatermark', 'lag_seconds', v)),
                unit: 's',
                threshold: { ids: ['watermarkLag'] },
              },
            ],
            links: [rowLink(JOB_DETAIL, v)],
            height: 14,
          }),
        ],
      },
    ],
    firstLooks: [
      { thresholds: ['restartWindow', 'restartLoopCount', 'restartLoopWindow'], look: 'Sort "Jobs" by Restarts: the row links to the job, whose Restarts panel links to its error lines.' },
      { thresholds: ['checkpointMaxAge'], look: 'Sort "Jobs" by Checkpoint age to see whether one job or a whole cluster stopped checkpointing.' },
    ],
  };
}
