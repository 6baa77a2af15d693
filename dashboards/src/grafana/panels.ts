import * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as logs from '@grafana/grafana-foundation-sdk/logs';
import * as loki from '@grafana/grafana-foundation-sdk/loki';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { Catalog, parseDurationMillis } from '../catalog/catalog';
import { DataLink } from './links';
import { LOKI_DATASOURCE, PROMETHEUS_DATASOURCE } from './variables';

/** One PromQL query of a panel and its legend. */
export interface PromTarget {
  expr: string;
  legend: string;
}

/**
 * A panel threshold taken from catalog/thresholds.json: the product of the named thresholds, each
 * converted to the panel's unit (e.g. a ratio × a duration in ms).
 */
export interface CatalogThreshold {
  ids: string[];
}

/** What every metric panel must state: the dashboard-linter rules are enforced by these types. */
export interface MetricPanelSpec {
  title: string;
  description: string;
  unit: string;
  targets: PromTarget[];
  threshold?: CatalogThreshold;
  links?: DataLink[];
  /** Grid width (of 24) and height. */
  width?: number;
  height?: number;
}

/** One value column of a table: an instant query whose series' labels are the row keys. */
export interface TableColumn {
  title: string;
  expr: string;
  unit: string;
  threshold?: CatalogThreshold;
  /** Value → text (and colour) for status codes. */
  mappings?: Record<string, { text: string; color: string }>;
}

/**
 * A table with one row per distinct set of key labels: one instant query per column, merged on the
 * labels they share. Label columns not in `keys` are hidden unless a column's query adds them on
 * purpose (named in `extraLabels`).
 */
export interface TablePanelSpec {
  title: string;
  description: string;
  keys: string[];
  extraLabels?: Record<string, string>;
  columns: TableColumn[];
  links?: DataLink[];
  width?: number;
  height?: number;
}

export interface LogsPanelSpec {
  title: string;
  description: string;
  expr: string;
  width?: number;
  height?: number;
}

export interface LogVolumePanelSpec {
  title: string;
  description: string;
  targets: PromTarget[];
  width?: number;
  height?: number;
}

/** Units a duration threshold converts into; any other panel unit takes the number as written. */
const DURATION_UNIT_SECONDS: Record<string, number> = { s: 1, ms: 0.001 };

/** Builds panels from specs, with the datasource variable, unit and catalog thresholds applied. */
export class Panels {
  constructor(private readonly catalog: Catalog) {}

  timeseries(spec: MetricPanelSpec): timeseries.PanelBuilder {
    const panel = new timeseries.PanelBuilder()
      .title(spec.title)
      .description(this.describe(spec))
      .datasource(PROMETHEUS_DATASOURCE)
      .unit(spec.unit)
      .span(spec.width ?? 12)
      .height(spec.height ?? 8)
      .lineWidth(1)
      .fillOpacity(10)
      .legend(legend())
      .tooltip(tooltip());
    spec.targets.forEach((t, i) => panel.withTarget(this.promTarget(t, i, false)));
    if (spec.threshold) {
      panel
        .thresholds(this.thresholds(spec))
        .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed));
    }
    if (spec.links) {
      panel.dataLinks(spec.links.map(toLinkBuilder));
    }
    return panel;
  }

  stat(spec: MetricPanelSpec): stat.PanelBuilder {
    const panel = new stat.PanelBuilder()
      .title(spec.title)
      .description(this.describe(spec))
      .datasource(PROMETHEUS_DATASOURCE)
      .unit(spec.unit)
      .span(spec.width ?? 4)
      .height(spec.height ?? 4)
      .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']))
      .colorMode(common.BigValueColorMode.Value)
      .graphMode(common.BigValueGraphMode.Area);
    spec.targets.forEach((t, i) => panel.withTarget(this.promTarget(t, i, true)));
    panel.thresholds(spec.threshold ? this.thresholds(spec) : neutralThresholds());
    if (spec.links) {
      panel.dataLinks(spec.links.map(toLinkBuilder));
    }
    return panel;
  }

  table(spec: TablePanelSpec): table.PanelBuilder {
    const panel = new table.PanelBuilder()
      .title(spec.title)
      .description(spec.description)
      .datasource(PROMETHEUS_DATASOURCE)
      .unit('short')
      .span(spec.width ?? 24)
      .height(spec.height ?? 12)
      .filterable(true)
      .thresholds(neutralThresholds());
    spec.columns.forEach((column, i) => {
      panel.withTarget(
        new prometheus.DataqueryBuilder()
          .datasource(PROMETHEUS_DATASOURCE)
          .expr(column.expr)
          .format(prometheus.PromQueryFormat.Table)
          .instant()
          .legendFormat('__auto')
          .refId(refId(i)),
      );
      const field = `Value #${refId(i)}`;
      const properties: dashboard.DynamicConfigValue[] = [
        { id: 'displayName', value: column.title },
        { id: 'unit', value: column.unit },
      ];
      if (column.threshold) {
        properties.push(
          { id: 'thresholds', value: { mode: dashboard.ThresholdsMode.Absolute, steps: [{ value: null, color: 'green' }, { value: this.thresholdValue(column.threshold, column.unit), color: 'red' }] } },
          { id: 'custom.cellOptions', value: { type: common.TableCellDisplayMode.ColorText } },
        );
      }
      if (column.mappings) {
        properties.push(
          { id: 'mappings', value: [{ type: 'value', options: Object.fromEntries(Object.entries(column.mappings).map(([value, m], index) => [value, { ...m, index }])) }] },
          { id: 'custom.cellOptions', value: { type: common.TableCellDisplayMode.ColorText } },
        );
      }
      panel.overrideByName(field, properties);
    });
    const renames = Object.fromEntries(spec.columns.map((c, i) => [`Value #${refId(i)}`, c.title]));
    Object.assign(renames, spec.extraLabels ?? {});
    const order = [...spec.keys, ...Object.keys(spec.extraLabels ?? {}), ...spec.columns.map((_, i) => `Value #${refId(i)}`)];
    panel
      .withTransformation({ id: 'merge', options: {} })
      .withTransformation({
        id: 'organize',
        options: {
          // Only the key labels, the extra labels and the values stay: other labels would split rows.
          excludeByName: { Time: true },
          includeByName: Object.fromEntries(order.map((name) => [name, true])),
          indexByName: Object.fromEntries(order.map((name, i) => [name, i])),
          renameByName: renames,
        },
      });
    if (spec.links) {
      panel.dataLinks(spec.links.map(toLinkBuilder));
    }
    return panel;
  }

  /** A time series of LogQL metric queries (log volume). */
  logVolume(spec: LogVolumePanelSpec): timeseries.PanelBuilder {
    const panel = new timeseries.PanelBuilder()
      .title(spec.title)
      .description(spec.description)
      .datasource(LOKI_DATASOURCE)
      .unit('short')
      .span(spec.width ?? 12)
      .height(spec.height ?? 8)
      .drawStyle(common.GraphDrawStyle.Bars)
      .fillOpacity(60)
      .stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal))
      .legend(legend())
      .tooltip(tooltip());
    spec.targets.forEach((t, i) => panel.withTarget(this.lokiTarget(t.expr, t.legend, i)));
    return panel;
  }

  /** Log lines. Panels without numbers carry no unit. */
  logs(spec: LogsPanelSpec): logs.PanelBuilder {
    return new logs.PanelBuilder()
      .title(spec.title)
      .description(spec.description)
      .datasource(LOKI_DATASOURCE)
      .span(spec.width ?? 24)
      .height(spec.height ?? 12)
      .showTime(true)
      .wrapLogMessage(true)
      .enableLogDetails(true)
      .sortOrder(common.LogsSortOrder.Descending)
      .withTarget(this.lokiTarget(spec.expr, '', 0));
  }

  /** The panel threshold value: the product of the catalog values, converted to the panel unit. */
  thresholdValue(threshold: CatalogThreshold, unit: string): number {
    return threshold.ids
      .map((id) => {
        const t = this.catalog.threshold(id);
        if (t.unit !== 'duration') {
          return this.catalog.number(id);
        }
        const perUnit = DURATION_UNIT_SECONDS[unit];
        if (perUnit === undefined) {
          throw new Error(`threshold ${id} is a duration but the panel unit is "${unit}": use s or ms`);
        }
        return (parseDurationMillis(this.catalog.duration(id)) as number) / 1000 / perUnit;
      })
      .reduce((a, b) => a * b, 1);
  }

  /** The description, plus the threshold and where it comes from, so readers know what red means. */
  private describe(spec: MetricPanelSpec): string {
    if (!spec.threshold) {
      return spec.description;
    }
    const value = this.thresholdValue(spec.threshold, spec.unit);
    return `${spec.description} Red from ${value} (${spec.unit}), the alert threshold (thresholds.json: ${spec.threshold.ids.join(' × ')}).`;
  }

  private thresholds(spec: MetricPanelSpec): dashboard.ThresholdsConfigBuilder {
    return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([
      { value: null, color: 'green' },
      { value: this.thresholdValue(spec.threshold!, spec.unit), color: 'red' },
    ]);
  }

  private promTarget(target: PromTarget, index: number, instant: boolean): cog.Builder<cog.Dataquery> {
    const query = new prometheus.DataqueryBuilder()
      .datasource(PROMETHEUS_DATASOURCE)
      .expr(target.expr)
      .legendFormat(target.legend)
      .refId(refId(index));
    return instant ? query.instant() : query.range();
  }

  private lokiTarget(expr: string, legend: string, index: number): cog.Builder<cog.Dataquery> {
    return new loki.DataqueryBuilder()
      .queryType('range')
      .datasource(LOKI_DATASOURCE)
      .expr(expr)
      .legendFormat(legend)
      .refId(refId(index));
  }
}

function legend(): common.VizLegendOptionsBuilder {
  return new common.VizLegendOptionsBuilder()
    .showLegend(true)
    .displayMode(common.LegendDisplayMode.List)
    .placement(common.LegendPlacement.Bottom);
}

function tooltip(): common.VizTooltipOptionsBuilder {
  return new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending);
}

function refId(index: number): string {
  return String.fromCharCode('A'.charCodeAt(0) + index);
}

function neutralThresholds(): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps([{ value: null, color: 'blue' }]);
}

function toLinkBuilder(link: DataLink): dashboard.DashboardLinkBuilder {
  return new dashboard.DashboardLinkBuilder(link.title).url(link.url);
}
