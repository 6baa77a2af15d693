import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATALOG_DIR } from '../paths';

export interface CatalogMetric {
  id: string;
  name: string;
  scope: string;
  type: 'gauge' | 'counter' | 'summary';
  unit: string;
  source: string;
  plainStreamingJob: boolean;
  help: string;
  note?: string;
}

export interface RecordingRule {
  record: string;
  expr: string;
  description: string;
}

export interface Threshold {
  id: string;
  value: number | string;
  unit: string;
  description: string;
}

interface MetricsFile {
  scrapeJob: string;
  targetLabels: Record<string, string>;
  labelSets: Record<string, string[]>;
  metrics: CatalogMetric[];
}

interface RecordingRulesFile {
  group: string;
  interval: string;
  rules: RecordingRule[];
}

interface ThresholdsFile {
  thresholds: Threshold[];
}

interface LokiLabelsFile {
  streamLabels: string[];
  structuredMetadata: string[];
  levels: string[];
}

/** Suffixes Prometheus adds to a summary's name (Flink's histograms export quantiles and _count). */
export const SUMMARY_SUFFIXES = ['_count', '_sum'];

/**
 * The shared metric catalog (catalog/*.json). Every name, label key, recording rule and threshold a
 * dashboard uses is looked up here by id; an unknown id stops the build with the file to fix.
 */
export class Catalog {
  private readonly metricsById: Map<string, CatalogMetric>;
  private readonly labelKeys: Set<string>;
  private readonly thresholdsById: Map<string, Threshold>;

  constructor(
    private readonly metricsFile: MetricsFile,
    private readonly rulesFile: RecordingRulesFile,
    thresholdsFile: ThresholdsFile,
    private readonly lokiFile: LokiLabelsFile,
  ) {
    this.metricsById = new Map(metricsFile.metrics.map((m) => [m.id, m]));
    this.labelKeys = new Set(Object.values(metricsFile.labelSets).flat());
    this.thresholdsById = new Map(thresholdsFile.thresholds.map((t) => [t.id, t]));
  }

  static load(dir: string = CATALOG_DIR): Catalog {
    const read = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as T;
    return new Catalog(
      read<MetricsFile>('flink-metrics.json'),
      read<RecordingRulesFile>('recording-rules.json'),
      read<ThresholdsFile>('thresholds.json'),
      read<LokiLabelsFile>('loki-labels.json'),
    );
  }

  get scrapeJob(): string {
    return this.metricsFile.scrapeJob;
  }

  get metrics(): readonly CatalogMetric[] {
    return this.metricsFile.metrics;
  }

  get recordingRules(): readonly RecordingRule[] {
    return this.rulesFile.rules;
  }

  get thresholds(): readonly Threshold[] {
    return [...this.thresholdsById.values()];
  }

  metric(id: string): CatalogMetric {
    const metric = this.metricsById.get(id);
    if (!metric) {
      throw new Error(`catalog/flink-metrics.json has no metric with id "${id}": add it there or fix the id`);
    }
    return metric;
  }

  /** A label key of a catalog label set (e.g. job_name), checked so a rename fails the build. */
  label(key: string): string {
    if (!this.labelKeys.has(key)) {
      throw new Error(`label "${key}" is in no labelSets entry of catalog/flink-metrics.json: add it there or fix the key`);
    }
    return key;
  }

  /** A Prometheus target label our scrape configs add (namespace, cluster, pod). */
  targetLabel(key: string): string {
    const label = this.metricsFile.targetLabels[key];
    if (!label) {
      throw new Error(`"${key}" is not in targetLabels of catalog/flink-metrics.json: add it there or fix the key`);
    }
    return label;
  }

  /** A Loki stream label or structured-metadata field of the log appender's lines. */
  logField(key: string): string {
    if (!this.lokiFile.streamLabels.includes(key) && !this.lokiFile.structuredMetadata.includes(key)) {
      throw new Error(`"${key}" is neither a stream label nor a structured-metadata field in catalog/loki-labels.json`);
    }
    return key;
  }

  /** A log level name as the appender writes it (ERROR, WARN, ...). */
  logLevel(level: string): string {
    if (!this.lokiFile.levels.includes(level)) {
      throw new Error(`"${level}" is not in levels of catalog/loki-labels.json`);
    }
    return level;
  }

  /** The label keys a metric carries: its scope's label set plus the target labels. */
  labelsOf(metricId: string): string[] {
    const metric = this.metric(metricId);
    return [...Object.values(this.metricsFile.targetLabels), ...(this.metricsFile.labelSets[metric.scope] ?? [])];
  }

  /**
   * The recording rule named level:metric:operation whose metric is the catalog metric `metricId`,
   * so panels and alerts read the same precomputed series.
   */
  recording(metricId: string, operation: string): string {
    const name = this.metric(metricId).name;
    const rule = this.rulesFile.rules.find((r) => r.record.endsWith(`:${name}:${operation}`));
    if (!rule) {
      throw new Error(
        `catalog/recording-rules.json has no rule recording ${name} with operation "${operation}": add it there`,
      );
    }
    return rule.record;
  }

  threshold(id: string): Threshold {
    const threshold = this.thresholdsById.get(id);
    if (!threshold) {
      throw new Error(`catalog/thresholds.json has no threshold with id "${id}": add it there or fix the id`);
    }
    return threshold;
  }

  /** A numeric threshold as it is written in the catalog. */
  number(id: string): number {
    const value = this.threshold(id).value;
    if (typeof value !== 'number') {
      throw new Error(`catalog/thresholds.json "${id}" is "${value}", not a number`);
    }
    return value;
  }

  /** A duration threshold ("10m") as written, for PromQL range selectors. */
  duration(id: string): string {
    const value = this.threshold(id).value;
    if (typeof value !== 'string' || parseDurationSeconds(value) === undefined) {
      throw new Error(`catalog/thresholds.json "${id}" is "${value}", not a Prometheus duration like "10m"`);
    }
    return value;
  }

  /** A duration threshold in seconds, for panel thresholds on second-valued series. */
  seconds(id: string): number {
    return parseDurationSeconds(this.duration(id)) as number;
  }

  /** The catalog metric a series name belongs to (summary suffixes stripped), if any. */
  metricByName(seriesName: string): CatalogMetric | undefined {
    const exact = this.metricsFile.metrics.find((m) => m.name === seriesName);
    if (exact) {
      return exact;
    }
    const suffix = SUMMARY_SUFFIXES.find((s) => seriesName.endsWith(s));
    if (!suffix) {
      return undefined;
    }
    const base = seriesName.slice(0, -suffix.length);
    return this.metricsFile.metrics.find((m) => m.name === base && m.type === 'summary');
  }
}

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** Seconds of a single-unit Prometheus duration ("90s", "10m"); undefined when it is not one. */
export function parseDurationSeconds(duration: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h|d|w|y)$/.exec(duration);
  return match ? Number(match[1]) * UNIT_SECONDS[match[2]] : undefined;
}
