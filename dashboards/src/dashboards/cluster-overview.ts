import { DashboardSpec, Kit } from '../grafana/dashboard-spec';
import { alertAnnotation, restartAnnotation } from './annotations';
import { drillDown } from '../grafana/links';
import { RATE_INTERVAL } from '../grafana/promql';
import { CLUSTER_OVERVIEW, JOB_DETAIL, TASKMANAGER_JVM } from './identities';

/** The fleet at a glance: is every process there, are jobs running, is anything firing. */
export function clusterOverview(kit: Kit): DashboardSpec {
  const { catalog, promql, panels, variables, queries } = kit;
  const c = variables.cluster;
  const jobName = catalog.label('job_name');
  const toJob = drillDown(JOB_DETAIL, [...c, jobName]);
  const toTaskManager = drillDown(TASKMANAGER_JVM, [...c, catalog.label('tm_id')]);
  const alertname = 'alertname';
  const severity = 'severity';

  return {
    identity: CLUSTER_OVERVIEW,
    description: 'JobManagers, TaskManagers, slots, running jobs, restarts and firing alerts of one Flink cluster.',
    questions: [
      'Are the JobManagers and TaskManagers there, and are slots free for a restart?',
      'Are the jobs running, restarting, checkpointing and moving records?',
      'Which Flink alerts fire for this cluster, and is a JVM running out of heap?',
    ],
    variables: [variables.prometheusDatasource(), ...variables.clusterVariables()],
    annotations: [restartAnnotation(kit, c), alertAnnotation(kit, c)],
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
            description: 'Records the source operators of each job emit per second (what enters the job, independent of chaining). Click a series to open the job.',
            unit: catalog.metric('operator.numRecordsOutPerSecond').unit,
            targets: [{ expr: queries.sourceRecordsOut(c, [...c, jobName]), legend: `{{${jobName}}}` }],
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
            description: 'Seconds since the last completed checkpoint of each job (on Flink 1.20 from the completed-checkpoint count, see the job dashboard).',
            unit: 's',
            threshold: { ids: ['checkpointMaxAge'] },
            targets: [{ expr: queries.checkpointAge(c), legend: `{{${jobName}}}` }],
            links: [toJob],
          }),
          panels.timeseries({
            title: 'Job running time',
            description: 'Time each job has been in its current RUNNING state (Flink\'s runningTime; uptime is deprecated); a drop to zero is a restart.',
            unit: catalog.metric('job.runningTime').unit,
            targets: [{ expr: promql.metric('job.runningTime', c), legend: `{{${jobName}}}` }],
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
