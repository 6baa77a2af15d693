import * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import { Catalog } from '../catalog/catalog';
import { FlinkQueries } from './flink-queries';
import { DASHBOARD_TAG, DashboardIdentity, kitLinks, uidOf } from './links';
import { Panels } from './panels';
import { PromQL } from './promql';
import { PROMETHEUS_DATASOURCE, Variables } from './variables';

/** What the dashboard definitions build from: the catalog and the helpers that read it. */
export interface Kit {
  catalog: Catalog;
  promql: PromQL;
  variables: Variables;
  panels: Panels;
  queries: FlinkQueries;
}

export function kitFrom(catalog: Catalog): Kit {
  const promql = new PromQL(catalog);
  return {
    catalog,
    promql,
    variables: new Variables(catalog, promql),
    panels: new Panels(catalog),
    queries: new FlinkQueries(catalog, promql),
  };
}

export interface RowSpec {
  title: string;
  panels: cog.Builder<dashboard.Panel>[];
}

/** Where to look first when the alert driven by a catalog threshold fires (for docs/dashboards.md). */
export interface FirstLook {
  thresholds: string[];
  look: string;
}

/** A Prometheus annotation: every step where `expr` returns a series marks the time axis of every panel. */
export interface AnnotationSpec {
  name: string;
  expr: string;
  iconColor: string;
  /** Grafana legend-style templates ({{label}}) for the marker's title and text; tags from these labels. */
  titleFormat: string;
  textFormat: string;
  tagKeys: string[];
}

export interface DashboardSpec {
  identity: DashboardIdentity;
  description: string;
  /** The questions the dashboard answers (docs/dashboards.md). */
  questions: string[];
  variables: cog.Builder<dashboard.VariableModel>[];
  annotations?: AnnotationSpec[];
  /** The default time range, `now-<from>` (1h unless a dashboard needs more, e.g. a day of restarts). */
  timeFrom?: string;
  rows: RowSpec[];
  firstLooks: FirstLook[];
}

/** The dashboard JSON of a spec, as Grafana's file provisioning and the dashboard sidecar read it. */
export function buildDashboard(spec: DashboardSpec): dashboard.Dashboard {
  const builder = new dashboard.DashboardBuilder(spec.identity.title)
    .uid(uidOf(spec.identity))
    .description(spec.description)
    .tags([DASHBOARD_TAG])
    .editable()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .refresh('30s')
    .time({ from: `now-${spec.timeFrom ?? '1h'}`, to: 'now' })
    .timezone('browser')
    .variables(spec.variables)
    .annotations((spec.annotations ?? []).map(annotation))
    .links(kitLinks());
  for (const row of spec.rows) {
    builder.withRow(new dashboard.RowBuilder(row.title));
    row.panels.forEach((panel) => builder.withPanel(panel));
  }
  const built = builder.build();
  // The SDK defaults links into the controls menu (Grafana 12); the kit wants them in the bar.
  built.links?.forEach((link) => delete link.placement);
  // ... and annotation toggles likewise.
  built.annotations?.list?.forEach((a) => delete a.placement);
  (built.panels ?? []).forEach((panel, index) => {
    // Unique ids: Grafana keys panel state and links (viewPanel=) by them.
    panel.id = index + 1;
    const defaults = (panel as dashboard.Panel).fieldConfig?.defaults;
    if (defaults?.links) {
      // The SDK types data links as dashboard links; Grafana reads only title, url and targetBlank.
      defaults.links = defaults.links.map(({ title, url }) => ({ title, url, targetBlank: false }) as dashboard.DashboardLink);
    }
  });
  return built;
}

function annotation(spec: AnnotationSpec): dashboard.AnnotationQueryBuilder {
  // Grafana's Prometheus annotation: the query as a target, titles and tags from the series' labels.
  return new dashboard.AnnotationQueryBuilder()
    .name(spec.name)
    .datasource(PROMETHEUS_DATASOURCE)
    .enable(true)
    .iconColor(spec.iconColor)
    .target(new prometheus.DataqueryBuilder().datasource(PROMETHEUS_DATASOURCE).expr(spec.expr).refId('Anno').range())
    .expr(spec.expr)
    .titleFormat(spec.titleFormat)
    .textFormat(spec.textFormat)
    .tagKeys(spec.tagKeys.join(','))
    .useValueForTime(false);
}
