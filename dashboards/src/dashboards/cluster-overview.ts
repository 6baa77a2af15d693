import { DashboardSpec, Kit } from '../grafana/dashboard-spec';
import { drillDown } from '../grafana/links';
import { RATE_INTERVAL } from '../grafana/promql';
import { CLUSTER_OVERVIEW, JOB_DETAIL, TASKMANAGER_JVM } from './identities';

/** The fleet at a glance: is every process there, are jobs running, is anything firing. */
export function clusterOverview(kit: Kit): DashboardSpec {
  const { catalog, promql, panels, variables } = kit;
  const c = variables.cluster;
  const jobName = catalog.label('job_name');
  const toJob = drillDown(JOB_DETAIL, [...c, jobName]);
  const toTaskManager = drillDown(TASKMANAGER_JVM, [...c, catalog.label('tm_id')]);
  const alertname = 'alertname';
  const severity = 'severity';

  return {
    identity: CLUSTER_OVERVIEW,
    description: 'JobManagers, TaskManagers, slots, running jobs, restarts and firing alerts of one Flink cluster.',
    variables: [variables.prometheusDatasource(), ...variables.clusterVariables()],
    rows: [
      {
        title: 'Cluster',
        panels: [
          panels.stat({
            title: 'JobManagers',
            description: 'JobManager processes that report metrics (leader and standbys: every JobManager JVM reports its heap).',
            unit: 'short',
            targets: [{ expr: `count(${promql.metric('jobmanager.heapUsed', c)})`, legend: 'JobManagers' }],
          }),
          panels.stat({
            title: 'TaskManagers',
            description: 'TaskManagers registered with the JobManager.',
            unit: 'short',
            targets: [{ expr: `max(${promql.metric('jobmanager.numRegisteredTaskManagers', c)})`, legend: 'TaskManagers' }],
          }),
          panels.stat({
            title: 'Task slots',
            description: 'Free and total task slots; no free slot means a restarted or new job cannot be scheduled.',
            unit: 'short',
            targets: [
              { expr: `max(${promql.metric('jobmanager.taskSlotsAvailable', c)})`, legend: 'free' },
              { expr: `max(${promql.metric('jobmanager.taskSlotsTotal', c)})`, legend: 'total' },
            ],
          }),
          panels.stat({
            title: 'Running jobs',
            description: 'Jobs in state RUNNING.',
            unit: 'short',
            targets: [{ expr: `max(${promql.metric('jobmanager.numRunningJobs', c)})`, legend: 'running' }],
          }),
          panels.stat({
            title: 'Restarts in the restart-loop window',
            description: 'Job restarts of all jobs within the restart-loop window, as the restart-loop alert counts them.',
            unit: 'short',
            threshold: { ids: ['restartLoopCount'] },
            targets: [
              {
                expr: `sum(increase(${promql.metric('job.numRestarts', c)}[${catalog.duration('restartLoopWindow')}]))`,
                legend: 'restarts',
              },
            ],
          }),
          panels.stat({
            title: 'Alerts firing',
            description: 'Flink alerts of this cluster that are firing now, by severity.',
            unit: 'short',
            targets: [{ expr: `count by (${severity}) (${promql.firingAlerts(c)})`, legend: `{{${severity}}}` }],
          }),
        ],
      },
      {
        title: 'Jobs',
        panels: [
          panels.timeseries({
            title: 'Records in per second by job',
            description: 'Records all tasks of a job receive per second. Click a series to open the job.',
            unit: catalog.metric('task.numRecordsInPerSecond').unit,
            targets: [{ expr: promql.recorded('task.numRecordsInPerSecond', 'sum', c), legend: `{{${jobName}}}` }],
            links: [toJob],
          }),
          panels.timeseries({
            title: 'Restarts by job',
            description: 'Job restarts per rate interval. Click a series to open the job.',
            unit: 'short',
            targets: [
              { expr: `sum by (${[...c, jobName].join(', ')}) (increase(${promql.metric('job.numRestarts', c)}[${RATE_INTERVAL}]))`, legend: `{{${jobName}}}` },
            ],
            links: [toJob],
          }),
          panels.timeseries({
            title: 'Checkpoint age by job',
            description: 'Seconds since the last completed checkpoint of each job.',
            unit: 's',
            threshold: { ids: ['checkpointMaxAge'] },
            targets: [{ expr: promql.recorded('job.lastCheckpointCompletedTimestamp', 'age_seconds', c), legend: `{{${jobName}}}` }],
            links: [toJob],
          }),
          panels.timeseries({
            title: 'Job uptime',
            description: 'Time since each job last (re)started running; a drop to zero is a restart.',
            unit: catalog.metric('job.uptime').unit,
            targets: [{ expr: promql.metric('job.uptime', c), legend: `{{${jobName}}}` }],
            links: [toJob],
          }),
        ],
      },
      {
        title: 'Alerts',
        panels: [
          panels.timeseries({
            title: 'Firing alerts',
            description: 'Flink alerts of this cluster over time, by alert name and severity.',
            unit: 'short',
            targets: [
              { expr: `count by (${alertname}, ${severity}) (${promql.firingAlerts(c)})`, legend: `{{${alertname}}} ({{${severity}}})` },
            ],
            width: 24,
          }),
        ],
      },
      {
        title: 'Processes',
        panels: [
          panels.timeseries({
            title: 'TaskManager heap used',
            description: 'Heap used / max per TaskManager. Click a series to open its JVM dashboard.',
            unit: 'percentunit',
            threshold: { ids: ['heapUsedRatio'] },
            targets: [{ expr: promql.recorded('taskmanager.heapUsed', 'ratio', c), legend: `{{${catalog.label('tm_id')}}}` }],
            links: [toTaskManager],
          }),
          panels.timeseries({
            title: 'JobManager heap used',
            description: 'Heap used / max per JobManager.',
            unit: 'percentunit',
            threshold: { ids: ['heapUsedRatio'] },
            targets: [{ expr: promql.recorded('jobmanager.heapUsed', 'ratio', c), legend: `{{${catalog.label('host')}}}` }],
          }),
        ],
      },
    ],
    firstLooks: [
      { thresholds: ['restartWindow', 'restartLoopCount', 'restartLoopWindow'], look: '"Restarts by job" names the job; open it (click) and read its error lines in the Logs dashboard.' },
      { thresholds: ['heapUsedRatio'], look: '"TaskManager heap used": click the TaskManager near the line to open its JVM dashboard.' },
    ],
  };
}
