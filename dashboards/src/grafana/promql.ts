import { Catalog } from '../catalog/catalog';

/** Grafana's rate window: at least four scrape intervals, so rate() always has two samples. */
export const RATE_INTERVAL = '$__rate_interval';

/**
 * Series Prometheus makes itself rather than scraping them from Flink: the per-target `up` and
 * scrape statistics, and `ALERTS` for alerting rules. Queries may name them besides catalog metrics.
 */
export const PROMETHEUS_BUILTIN_SERIES = ['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'ALERTS'];

/** The contract between branches: every alert our rules define is named Flink<Something>. */
export const ALERT_NAME_PREFIX = 'Flink';

/**
 * Builds PromQL selectors from catalog ids and dashboard variables. A variable filters the label of
 * the same name; the label must be one the series carries, so a catalog rename fails the build.
 */
export class PromQL {
  constructor(private readonly catalog: Catalog) {}

  /** `name{label=~"$label",...}` for catalog metric `metricId`, filtered by the given variables. */
  metric(metricId: string, variables: readonly string[], extra: Record<string, string> = {}): string {
    const name = this.catalog.metric(metricId).name;
    return this.selector(name, this.catalog.labelsOf(metricId), variables, extra);
  }

  /** The recorded series level:<metric>:<operation> of `metricId`, filtered by the given variables. */
  recorded(metricId: string, operation: string, variables: readonly string[], extra: Record<string, string> = {}): string {
    const rule = this.catalog.recording(metricId, operation);
    for (const label of Object.keys(extra)) {
      if (!rule.labels.includes(label)) {
        throw new Error(`${rule.record} keeps no label "${label}" (it keeps ${rule.labels.join(', ')})`);
      }
    }
    return this.selector(rule.record, rule.labels, variables, extra);
  }

  /** A summary's `_count` or `_sum` series. */
  summaryPart(metricId: string, suffix: '_count' | '_sum', variables: readonly string[]): string {
    const metric = this.catalog.metric(metricId);
    if (metric.type !== 'summary') {
      throw new Error(`catalog metric ${metricId} is a ${metric.type}, not a summary: it has no ${suffix} series`);
    }
    return this.selector(metric.name + suffix, this.catalog.labelsOf(metricId), variables, {});
  }

  /** A series Prometheus itself produces for our scrape job (see PROMETHEUS_BUILTIN_SERIES). */
  scrapeSeries(name: string, variables: readonly string[]): string {
    if (!PROMETHEUS_BUILTIN_SERIES.includes(name)) {
      throw new Error(`${name} is not a series Prometheus produces; use a catalog metric`);
    }
    const targetLabels = ['namespace', 'cluster', 'pod'].map((l) => this.catalog.targetLabel(l));
    return this.selector(name, targetLabels, variables, { job: this.catalog.scrapeJob }, '=');
  }

  /** `ALERTS` of our alerting rules that are firing, filtered by the given variables. */
  firingAlerts(variables: readonly string[]): string {
    const targetLabels = ['namespace', 'cluster'].map((l) => this.catalog.targetLabel(l));
    return this.selector('ALERTS', targetLabels, variables, {
      alertstate: 'firing',
      alertname: `${ALERT_NAME_PREFIX}.*`,
    });
  }

  private selector(
    name: string,
    labels: readonly string[],
    variables: readonly string[],
    extra: Record<string, string>,
    extraOperator: '=' | '=~' = '=~',
  ): string {
    const matchers = variables.map((variable) => {
      if (!labels.includes(variable)) {
        throw new Error(`${name} has no label "${variable}" (it has ${labels.join(', ')}): drop the $${variable} filter`);
      }
      return `${variable}=~"$${variable}"`;
    });
    for (const [label, value] of Object.entries(extra)) {
      matchers.push(`${label}${extraOperator}"${value}"`);
    }
    return `${name}{${matchers.join(', ')}}`;
  }
}
