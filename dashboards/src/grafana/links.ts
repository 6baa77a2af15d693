import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { PROMETHEUS_VARIABLE } from './variables';

/** Tag on every dashboard of the kit: the link bar lists them all, variables and time carried over. */
export const DASHBOARD_TAG = 'flink-o11y';

/** A dashboard's identity; its uid and file name derive from `id` and never change with the title. */
export interface DashboardIdentity {
  id: string;
  title: string;
}

/** Stable uid from the dashboard's identity (Grafana allows 40 characters). */
export function uidOf(identity: DashboardIdentity): string {
  return `${DASHBOARD_TAG}-${identity.id}`;
}

export interface DataLink {
  title: string;
  url: string;
}

/**
 * A data link to `target` for the clicked series: each label in `labels` becomes the variable of
 * the same name; the datasource and the time range come along.
 */
export function drillDown(target: DashboardIdentity, labels: readonly string[]): DataLink {
  const params = [
    '${__url_time_range}',
    `var-${PROMETHEUS_VARIABLE}=\${${PROMETHEUS_VARIABLE}}`,
    ...labels.map((label) => `var-${label}=\${__field.labels.${label}}`),
  ];
  return { title: `${target.title}: \${__field.labels.${labels[labels.length - 1]}}`, url: `/d/${uidOf(target)}?${params.join('&')}` };
}

/**
 * A data link from a table row to `target`: each label in `labels` is a column of the row and
 * becomes the variable of the same name; the datasource and the time range come along.
 */
export function rowLink(target: DashboardIdentity, labels: readonly string[]): DataLink {
  const params = [
    '${__url_time_range}',
    `var-${PROMETHEUS_VARIABLE}=\${${PROMETHEUS_VARIABLE}}`,
    ...labels.map((label) => `var-${label}=\${__data.fields.${label}}`),
  ];
  return { title: `${target.title}: \${__data.fields.${labels[labels.length - 1]}}`, url: `/d/${uidOf(target)}?${params.join('&')}` };
}

/** The link bar: every dashboard of the kit, keeping the time range and the variables. */
export function kitLinks(): dashboard.DashboardLinkBuilder[] {
  return [
    new dashboard.DashboardLinkBuilder('Flink dashboards')
      .type(dashboard.DashboardLinkType.Dashboards)
      .tags([DASHBOARD_TAG])
      .asDropdown(true)
      .includeVars(true)
      .keepTime(true),
  ];
}
