import { Catalog } from '../catalog/catalog';
import { PromQL, RATE_INTERVAL } from './promql';

/**
 * Operators whose name marks them as a source: Flink names every source operator "Source: <name>"
 * (FLIP-27 `fromSource`, legacy `addSource`, Table API scans). The reporter may turn the space into
 * `_`, so the pattern does not depend on it.
 */
export const SOURCE_OPERATORS = 'Source:.*';

/**
 * Operators that write to external systems: legacy sinks and Table API sinks are "Sink: <name>",
 * Sink V2 writers "<name>: Writer". A Sink V2 name longer than Flink's 80-character limit for
 * operator names in metrics loses its ": Writer" suffix and is not matched.
 */
export const SINK_OPERATORS = 'Sink:.*|.*:[ _]Writer';

/**
 * Queries several dashboards share, built from the catalog. Job throughput is read from operators,
 * not tasks: a task's records in and out depend on how operators are chained, and summing them over
 * all tasks counts each record once per task hop.
 */
export class FlinkQueries {
  private readonly operatorName: string;

  constructor(
    private readonly catalog: Catalog,
    private readonly promql: PromQL,
  ) {
    this.operatorName = catalog.label('operator_name');
  }

  /** Records the sources emit per second: what enters the job, independent of chaining. */
  sourceRecordsOut(variables: readonly string[], by: readonly string[]): string {
    return `sum by (${by.join(', ')}) (${this.promql.metric('operator.numRecordsOutPerSecond', variables, { [this.operatorName]: SOURCE_OPERATORS })})`;
  }

  /** Records the sinks receive per second: what leaves the job. */
  sinkRecordsIn(variables: readonly string[], by: readonly string[]): string {
    return `sum by (${by.join(', ')}) (${this.promql.metric('operator.numRecordsInPerSecond', variables, { [this.operatorName]: SINK_OPERATORS })})`;
  }

  /**
   * Seconds since each job's last completed checkpoint. Flink 2.x: from lastCheckpointCompletedTimestamp
   * (the recording rule the alert pages on). Flink 1.20 lacks that gauge: there, the last rate interval
   * in which the count of completed checkpoints changed (a lower bound, at most one rate interval
   * short), and checkpointMaxAge itself ("at least") once no checkpoint completed within it, like
   * FlinkCheckpointsNotCompleting, which counts checkpoints on every version. Jobs that never completed
   * a checkpoint (checkpointing off) show nothing.
   */
  checkpointAge(variables: readonly string[]): string {
    const rule = this.catalog.recording('job.lastCheckpointCompletedTimestamp', 'age_seconds');
    const key = rule.labels.join(', ');
    const completed = this.promql.metric('job.numberOfCompletedCheckpoints', variables);
    const maxAge = this.catalog.duration('checkpointMaxAge');
    return [
      this.promql.recorded('job.lastCheckpointCompletedTimestamp', 'age_seconds', variables),
      `on (${key}) (time() - max by (${key}) (max_over_time(timestamp(changes(${completed}[${RATE_INTERVAL}]) > 0)[${maxAge}:])))`,
      `on (${key}) (max by (${key}) (${completed}) > 0) * 0 + ${this.catalog.seconds('checkpointMaxAge')}`,
    ].join(' or ');
  }

  /** The labels of the job-level records: cluster key, job_id, job_name. */
  jobKey(): string[] {
    return this.catalog.recording('job.lastCheckpointCompletedTimestamp', 'age_seconds').labels;
  }
}
