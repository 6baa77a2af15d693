import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { CATALOG_DIR } from '../paths';

export interface CatalogMetric {
  id: string;
  name: string;
  scope: string;
  type: 'gauge' | 'counter' | 'summary';
  unit: string;
  source: string;
  plainStreamingJob?: boolean;
  absentOn?: string[];
  help: string;
  note?: string;
}

/** A recording rule as catalog/recording-rules.json writes it: data, never PromQL. */
interface RecordingRuleEntry {
  metric: string;
  operation: string;
  aggregation?: string;
  denominator?: string;
  level?: string;
  /** Series left out (idle source subtasks): only the Java reader builds expressions from it. */
  exceptWhere?: { metric: string; above: string; on: string[] };
  /** Kubernetes joins (info, join): only the Java reader builds expressions from these. */
  where?: Record<string, string>;
  from?: Record<string, string>;
  /** A join's own labels, kept besides the level's. */
  keep?: string[];
  description: string;
}

/** A recording rule with its derived record name and the labels its series keep. */
export interface RecordingRule {
  metric: CatalogMetric;
  operation: string;
  level: string;
  record: string;
  /** Labels of the recorded series: the aggregation's, or for a ratio those of its metric. */
  labels: string[];
  description: string;
}

export interface Threshold {
  id: string;
  value: number | string;
  unit: string;
  description: string;
}

interface Aggregation {
  level: string;
  by: string[];
}

interface LabelsFile {
  scrapeJob: string;
  targetLabels: Record<string, string>;
  labelSets: Record<string, string[]>;
  clusterKey: string[];
  aggregations: Record<string, Aggregation>;
  notifications: { groupBy: string[] };
}

interface MetricsFile {
  metrics: CatalogMetric[];
}

interface RecordingRulesFile {
  group: string;
  interval: string;
  rules: RecordingRuleEntry[];
}

interface ThresholdsFile {
  thresholds: Threshold[];
  forDurations: Record<string, string>;
}

interface LokiLabelsFile {
  streamLabels: string[];
  structuredMetadata: string[];
  levels: string[];
  components: string[];
}

/** The catalog's files by name, as catalog.schema.json describes them. */
export interface CatalogFiles {
  'labels.json': LabelsFile;
  'flink-metrics.json': MetricsFile;
  'recording-rules.json': RecordingRulesFile;
  'thresholds.json': ThresholdsFile;
  'loki-labels.json': LokiLabelsFile;
}

export const CATALOG_FILES: readonly (keyof CatalogFiles)[] = [
  'labels.json',
  'flink-metrics.json',
  'recording-rules.json',
  'thresholds.json',
  'loki-labels.json',
];

/** Suffixes Prometheus adds to a summary's name (Flink's histograms export quantiles and _count). */
export const SUMMARY_SUFFIXES = ['_count', '_sum'];

/**
 * The shared catalog (catalog/*.json), validated against catalog/catalog.schema.json like the Java
 * reader does. Every name, label key, recording rule and threshold a dashboard uses is looked up here
 * by id; an unknown id stops the build with the file to fix.
 */
export class Catalog {
  private readonly labelsFile: LabelsFile;
  private readonly metricsById: Map<string, CatalogMetric>;
  private readonly labelKeys: Set<string>;
  private readonly thresholdsById: Map<string, Threshold>;
  private readonly lokiFile: LokiLabelsFile;
  readonly recordingRules: readonly RecordingRule[];

  constructor(files: CatalogFiles, schema: object) {
    const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
    if (!ajv.validate(schema, files)) {
      const problems = (ajv.errors ?? []).map((e) => {
        const [, file, ...rest] = e.instancePath.split('/');
        return `catalog/${file.replace(/~1/g, '/')}: ${rest.join('/') || '(top)'}: ${e.message}`;
      });
      throw new Error(`The catalog does not match catalog.schema.json:\n  ${problems.join('\n  ')}`);
    }
    this.labelsFile = files['labels.json'];
    this.lokiFile = files['loki-labels.json'];
    this.metricsById = new Map();
    for (const metric of files['flink-metrics.json'].metrics) {
      if (this.metricsById.has(metric.id)) {
        throw new Error(`catalog/flink-metrics.json: metric id "${metric.id}" appears twice`);
      }
      if (!(metric.scope in this.labelsFile.labelSets)) {
        throw new Error(
          `catalog/flink-metrics.json: metric "${metric.id}" has scope "${metric.scope}", which is no labelSets entry of catalog/labels.json`,
        );
      }
      this.metricsById.set(metric.id, metric);
    }
    this.labelKeys = new Set([
      ...Object.values(this.labelsFile.targetLabels),
      ...Object.values(this.labelsFile.labelSets).flat(),
    ]);
    this.thresholdsById = new Map(files['thresholds.json'].thresholds.map((t) => [t.id, t]));
    this.recordingRules = files['recording-rules.json'].rules.map((entry, index) => this.rule(entry, index));
  }

  static load(dir: string = CATALOG_DIR): Catalog {
    const read = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const files = Object.fromEntries(CATALOG_FILES.map((file) => [file, read(file)])) as unknown as CatalogFiles;
    return new Catalog(files, read('catalog.schema.json') as object);
  }

  get scrapeJob(): string {
    return this.labelsFile.scrapeJob;
  }

  get metrics(): readonly CatalogMetric[] {
    return [...this.metricsById.values()];
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

  /** A label name of a label set or a target label (e.g. job_name), checked so a rename fails the build. */
  label(key: string): string {
    if (!this.labelKeys.has(key)) {
      throw new Error(
        `label "${key}" is neither a target label nor in any labelSets entry of catalog/labels.json: add it there or fix the key`,
      );
    }
    return key;
  }

  /** The label our scrape configs add for a role (namespace, cluster, pod). */
  targetLabel(role: string): string {
    const label = this.labelsFile.targetLabels[role];
    if (!label) {
      throw new Error(`"${role}" is not in targetLabels of catalog/labels.json: add it there or fix the role`);
    }
    return label;
  }

  /** The labels that identify one Flink cluster (namespace, cluster). */
  get clusterKey(): string[] {
    return this.labelsFile.clusterKey.map((role) => this.targetLabel(role));
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

  /** The component values of Flink's own processes (jobmanager, taskmanager). */
  get logComponents(): readonly string[] {
    return this.lokiFile.components;
  }

  /** The label keys a metric carries: the target labels, then its scope's label set. */
  labelsOf(metricId: string): string[] {
    const metric = this.metric(metricId);
    return [...Object.values(this.labelsFile.targetLabels), ...this.labelsFile.labelSets[metric.scope]];
  }

  /**
   * The recording rule applying `operation` to catalog metric `metricId` (at `level` when several
   * levels exist), so panels and alerts read the same precomputed series.
   */
  recording(metricId: string, operation: string, level?: string): RecordingRule {
    const metric = this.metric(metricId);
    const rules = this.recordingRules.filter(
      (r) => r.metric.id === metric.id && r.operation === operation && (level === undefined || r.level === level),
    );
    if (rules.length !== 1) {
      const at = level === undefined ? '' : ` at level "${level}"`;
      throw new Error(
        rules.length === 0
          ? `catalog/recording-rules.json has no rule applying "${operation}" to ${metric.id}${at}: add it there`
          : `catalog/recording-rules.json has ${rules.length} rules applying "${operation}" to ${metric.id}: name the level`,
      );
    }
    return rules[0];
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
    if (typeof value !== 'string' || parseDurationMillis(value) === undefined) {
      throw new Error(`catalog/thresholds.json "${id}" is "${value}", not a Prometheus duration like "10m"`);
    }
    return value;
  }

  /** A duration threshold in seconds, for panel thresholds on second-valued series. */
  seconds(id: string): number {
    return (parseDurationMillis(this.duration(id)) as number) / 1000;
  }

  /** The catalog metric a series name belongs to (summary suffixes stripped), if any. */
  metricByName(seriesName: string): CatalogMetric | undefined {
    const exact = this.metrics.find((m) => m.name === seriesName);
    if (exact) {
      return exact;
    }
    const suffix = SUMMARY_SUFFIXES.find((s) => seriesName.endsWith(s));
    if (!suffix) {
      return undefined;
    }
    const base = seriesName.slice(0, -suffix.length);
    return this.metrics.find((m) => m.name === base && m.type === 'summary');
  }

  /** The rule's record name and kept labels, derived from its data as the Java reader does. */
  private rule(entry: RecordingRuleEntry, index: number): RecordingRule {
    const where = `catalog/recording-rules.json: rules[${index}]`;
    const lookup = (id: string): CatalogMetric => {
      const metric = this.metricsById.get(id);
      if (!metric) {
        throw new Error(`${where}: metric "${id}" is not in catalog/flink-metrics.json; add it there or fix the id`);
      }
      return metric;
    };
    const metric = lookup(entry.metric);
    if (entry.denominator !== undefined) {
      lookup(entry.denominator);
    }
    let level: string;
    let labels: string[];
    if (entry.aggregation !== undefined) {
      const aggregation = this.labelsFile.aggregations[entry.aggregation];
      if (!aggregation) {
        throw new Error(`${where}: aggregation "${entry.aggregation}" is not in "aggregations" of catalog/labels.json`);
      }
      level = aggregation.level;
      labels = [...this.clusterKey, ...aggregation.by.map((l) => this.label(l)), ...(entry.keep ?? [])];
    } else {
      level = entry.level as string;
      labels = this.labelsOf(metric.id);
    }
    return {
      metric,
      operation: entry.operation,
      level,
      record: `${level}:${metric.name}:${entry.operation}`,
      labels,
      description: entry.description,
    };
  }
}

const UNIT_MILLIS: Record<string, number> = {
  y: 31536000000,
  w: 604800000,
  d: 86400000,
  h: 3600000,
  m: 60000,
  s: 1000,
  ms: 1,
};

/** The catalog's one duration grammar (the Java reader and catalog.schema.json use the same). */
const DURATION = /^(?=\d)(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Milliseconds of a Prometheus duration ("90s", "1h30m", "500ms"); undefined when it is not one. */
export function parseDurationMillis(duration: string): number | undefined {
  const match = DURATION.exec(duration);
  if (!match) {
    return undefined;
  }
  const units = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
  return units.reduce((sum, unit, i) => sum + (match[i + 1] ? Number(match[i + 1]) * UNIT_MILLIS[unit] : 0), 0);
}
