import { DashboardSpec, Kit } from '../grafana/dashboard-spec';
import { drillDown } from '../grafana/links';
import { RATE_INTERVAL } from '../grafana/promql';
import { KUBERNETES, TASKMANAGER_JVM } from './identities';

/**
 * Flink's pods as Kubernetes sees them, from kube-state-metrics and the kubelet's cAdvisor through the
 * join recording rules (each series with namespace, flink_cluster, pod and component), and the Flink
 * Kubernetes operator's autoscaler for each FlinkDeployment.
 */
export function kubernetes(kit: Kit): DashboardSpec {
  const { catalog, promql, panels, variables } = kit;
  const c = variables.cluster;
  const pod = catalog.targetLabel('pod');
  const component = 'component';
  const byPod = [...c, pod, component].join(', ');
  const legend = `{{${pod}}}`;
  const joined = (id: string, extra: Record<string, string> = {}) => promql.recorded(id, 'join', c, extra);
  /** A join record of a resource (requests, limits) narrowed to one resource, without the resource label. */
  const resource = (id: string, name: 'memory' | 'cpu') => `max by (${byPod}) (${joined(id, { resource: name })})`;
  const toJvm = drillDown(TASKMANAGER_JVM, c);
  /** The operator's counts per namespace (it does not name the resource): filtered on the namespace only. */
  const namespaceOnly = [catalog.targetLabel('namespace')];
  /** The autoscaler's counter of each FlinkDeployment (its flink_cluster), per rate interval. */
  const perDeployment = (id: string) => ({
    expr: `sum by (${[...c, 'resourcetype'].join(', ')}) (increase(${promql.metric(id, c)}[${RATE_INTERVAL}]))`,
    legend: `{{${catalog.targetLabel('cluster')}}}`,
  });
  const perNamespace = (id: string) => `sum by (${[...namespaceOnly, 'resourcetype'].join(', ')}) (${promql.metric(id, namespaceOnly)})`;

  return {
    identity: KUBERNETES,
    description: 'Memory and CPU of each Flink pod against its requests and limits, CPU throttling, container restarts and OOM kills, pods that cannot start, and the Flink Kubernetes operator\'s autoscaler.',
    questions: [
      'Is a Flink container close to its memory limit (the kernel OOM-kills it there) or far above its request?',
      'Does a container use the CPU it requested, and is it throttled at its limit?',
      'Which Flink containers restarted, why did they end (OOMKilled, Error), which wait in CrashLoopBackOff, which pods stay Pending?',
      'Which FlinkDeployments did the operator fail or roll back, which lost their JobManager deployment, which savepoints failed?',
      'Does the operator\'s autoscaler rescale the FlinkDeployment, and does it fail?',
    ],
    variables: [variables.prometheusDatasource(), ...variables.clusterVariables()],
    rows: [
      {
        title: 'Pods',
        panels: [
          panels.timeseries({
            title: 'Flink pods by component',
            description: 'Pods kube-state-metrics reports with the labels of a Flink JobManager or TaskManager (native Kubernetes or the operator\'s standalone mode): every other panel of this dashboard joins on them, so none of it has data without kube-state-metrics and its pod-label allowlist.',
            unit: 'short',
            targets: [
              {
                expr: `count by (${[...c, component].join(', ')}) (${promql.recorded('kubeStateMetrics.podLabels', 'info', c)})`,
                legend: `{{${component}}}`,
              },
            ],
            width: 24,
            height: 6,
          }),
        ],
      },
      {
        title: 'Memory',
        panels: [
          panels.timeseries({
            title: 'Memory working set / limit',
            description: 'Working set of Flink\'s main container over its memory limit (kube-state-metrics and cAdvisor): the kernel OOM-kills the container at 100%. Flink\'s JVM heap metrics do not see this (native memory, RocksDB, metaspace, threads count too).',
            unit: 'percentunit',
            threshold: { ids: ['memoryLimitRatio'] },
            targets: [
              {
                expr: `${joined('cadvisor.memoryWorkingSet')} / on (${byPod}) ${resource('kubeStateMetrics.containerResourceLimits', 'memory')}`,
                legend,
              },
            ],
          }),
          panels.timeseries({
            title: 'Memory working set, request and limit',
            description: 'Bytes of Flink\'s main container: working set (cAdvisor), request and limit (kube-state-metrics).',
            unit: catalog.metric('cadvisor.memoryWorkingSet').unit,
            targets: [
              { expr: joined('cadvisor.memoryWorkingSet'), legend: `working set ${legend}` },
              { expr: resource('kubeStateMetrics.containerResourceRequests', 'memory'), legend: `request ${legend}` },
              { expr: resource('kubeStateMetrics.containerResourceLimits', 'memory'), legend: `limit ${legend}` },
            ],
          }),
        ],
      },
      {
        title: 'CPU',
        panels: [
          panels.timeseries({
            title: 'CPU used, request and limit',
            description: 'Cores Flink\'s main container uses (rate of cAdvisor\'s CPU seconds), and its CPU request and limit. Use far above the request is CPU the node may not have; at the limit the container is throttled.',
            unit: 'short',
            targets: [
              { expr: `sum by (${byPod}) (rate(${joined('cadvisor.cpuUsage')}[${RATE_INTERVAL}]))`, legend: `used ${legend}` },
              { expr: resource('kubeStateMetrics.containerResourceRequests', 'cpu'), legend: `request ${legend}` },
              { expr: resource('kubeStateMetrics.containerResourceLimits', 'cpu'), legend: `limit ${legend}` },
            ],
            links: [toJvm],
          }),
          panels.timeseries({
            title: 'CPU throttling',
            description: 'Share of CFS periods in which Flink\'s main container was throttled (cAdvisor), over the window the throttling alert uses: throttled TaskManagers process slower and miss heartbeats.',
            unit: 'percentunit',
            threshold: { ids: ['cpuThrottledRatio'] },
            targets: [
              {
                expr: `sum by (${byPod}) (increase(${joined('cadvisor.cfsThrottledPeriods')}[${catalog.duration('cpuThrottleWindow')}])) / sum by (${byPod}) (increase(${joined('cadvisor.cfsPeriods')}[${catalog.duration('cpuThrottleWindow')}]))`,
                legend,
              },
            ],
          }),
        ],
      },
      {
        title: 'Restarts and OOM kills',
        panels: [
          panels.timeseries({
            title: 'Container restarts',
            description: 'Restarts of Flink\'s main container per rate interval (kube-state-metrics): a TaskManager restarted by the kubelet, not by Flink.',
            unit: 'short',
            targets: [{ expr: `sum by (${byPod}) (increase(${joined('kubeStateMetrics.containerRestarts')}[${RATE_INTERVAL}]))`, legend }],
            width: 8,
          }),
          panels.timeseries({
            title: 'OOM kills',
            description: 'OOM kills in Flink\'s main container per rate interval (cAdvisor\'s OOM events), and containers whose last termination reason is OOMKilled (kube-state-metrics, 1 while it is the last reason).',
            unit: 'short',
            targets: [
              { expr: `sum by (${byPod}) (increase(${joined('cadvisor.oomEvents')}[${RATE_INTERVAL}]))`, legend: `OOM events ${legend}` },
              {
                expr: `max by (${byPod}) (${joined('kubeStateMetrics.containerLastTerminatedReason', { reason: 'OOMKilled' })})`,
                legend: `last reason OOMKilled ${legend}`,
              },
            ],
            width: 8,
          }),
          panels.timeseries({
            title: 'Containers waiting and pods pending',
            description: 'Flink containers waiting to start, by reason (CrashLoopBackOff, ImagePullBackOff, …), and Flink pods in phase Pending (no node, no resources) (kube-state-metrics).',
            unit: 'short',
            targets: [
              { expr: `max by (${byPod}, reason) (${joined('kubeStateMetrics.containerWaitingReason')}) > 0`, legend: `{{reason}} ${legend}` },
              { expr: `max by (${byPod}, phase) (${joined('kubeStateMetrics.podPhase')}) > 0`, legend: `{{phase}} ${legend}` },
            ],
            width: 8,
          }),
        ],
      },
      {
        title: 'Flink Kubernetes operator',
        panels: [
          panels.timeseries({
            title: 'FlinkDeployments in trouble',
            description:
              'FlinkDeployments and FlinkSessionJobs of the namespace that the operator reports FAILED or ROLLED_BACK, whose JobManager deployment is in ERROR or MISSING, and FlinkStateSnapshots (savepoints, checkpoints) it reports FAILED. The operator counts per namespace, not per resource: kubectl get flinkdeployments -n <namespace> names them.',
            unit: 'short',
            targets: [
              { expr: perNamespace('operator.lifecycleFailed'), legend: 'failed {{resourcetype}}' },
              { expr: perNamespace('operator.lifecycleRolledBack'), legend: 'rolled back {{resourcetype}}' },
              { expr: perNamespace('operator.jmDeploymentError'), legend: 'JobManager deployment ERROR' },
              { expr: perNamespace('operator.jmDeploymentMissing'), legend: 'JobManager deployment MISSING' },
              { expr: perNamespace('operator.savepointsFailed'), legend: 'savepoints failed' },
              { expr: perNamespace('operator.checkpointsFailed'), legend: 'snapshot checkpoints failed' },
            ],
            width: 8,
          }),
          panels.timeseries({
            title: 'Autoscaler scalings',
            description: 'Scalings the operator\'s autoscaler applied to each FlinkDeployment per rate interval (each one restarts the job; Flink 2.x counts them as rescales).',
            unit: 'short',
            targets: [perDeployment('operator.autoscalerScalings')],
            width: 8,
          }),
          panels.timeseries({
            title: 'Autoscaler errors',
            description: 'Autoscaler evaluations or scalings of each FlinkDeployment that failed, per rate interval (the operator\'s alert window counts the same).',
            unit: 'short',
            targets: [perDeployment('operator.autoscalerErrors')],
            width: 8,
          }),
        ],
      },
    ],
    firstLooks: [
      { thresholds: ['memoryLimitRatio'], look: '"Memory working set / limit" names the pod; compare "Memory working set, request and limit" with its heap on the TaskManager JVM dashboard (the rest is native memory).' },
      { thresholds: ['cpuThrottledRatio', 'cpuThrottleWindow'], look: '"CPU throttling" next to "CPU used, request and limit": raise the CPU limit or lower the TaskManager\'s parallelism.' },
      { thresholds: ['operatorErrorWindow'], look: '"Autoscaler errors" names the FlinkDeployment; the operator\'s log says why.' },
    ],
  };
}
