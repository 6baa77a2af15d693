import { AnnotationSpec, Kit } from '../grafana/dashboard-spec';
import { RATE_INTERVAL } from '../grafana/promql';

/** A marker at every job restart (numRestarts went up), on every panel of the dashboard. */
export function restartAnnotation(kit: Kit, variables: readonly string[]): AnnotationSpec {
  const { catalog, promql } = kit;
  const jobName = catalog.label('job_name');
  const by = [...variables.filter((v) => v !== jobName), jobName];
  return {
    name: 'Job restarts',
    expr: `sum by (${by.join(', ')}) (increase(${promql.metric('job.numRestarts', variables)}[${RATE_INTERVAL}])) > 0`,
    iconColor: 'orange',
    titleFormat: `Restart of {{${jobName}}}`,
    textFormat: `{{${jobName}}} restarted (Flink cluster {{${catalog.targetLabel('cluster')}}})`,
    tagKeys: [jobName],
  };
}

/** A marker while a Flink alert of the cluster fires. */
export function alertAnnotation(kit: Kit, variables: readonly string[]): AnnotationSpec {
  const { promql } = kit;
  return {
    name: 'Flink alerts firing',
    expr: promql.firingAlerts(variables),
    iconColor: 'red',
    titleFormat: '{{alertname}}',
    textFormat: '{{alertname}} ({{severity}})',
    tagKeys: ['alertname', 'severity'],
  };
}
