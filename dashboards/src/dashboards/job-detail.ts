import { DashboardSpec, Kit } from '../grafana/dashboard-spec';
import { alertAnnotation, restartAnnotation } from './annotations';
import { drillDown } from '../grafana/links';
import { RATE_INTERVAL } from '../grafana/promql';
import { JOB_DETAIL, LOGS, TASK_DETAIL } from './identities';

/** One job: is data flowing, where is it stuck, is event time keeping up, do checkpoints complete. */
export function jobDetail(kit: Kit): DashboardSpec {
  const { catalog, promql, panels, variables, queries } = kit;
  const j = variables.job;
  const taskName = catalog.label('task_name');
  const operatorName = catalog.label('operator_name');
  const jobName = catalog.label('job_name');
  const toTask = drillDown(TASK_DETAIL, [...j, taskName]);
  const toLogs = drillDown(LOGS, j);
  const unit = (id: string) => catalog.metric(id).unit;
  // Aggregations keep the labels the drill-down links read.
  const byTask = [...j, taskName].join(', ');
  const byJob = j.join(', ');
  const perTask = (id: string) => `sum by (${byTask}) (${promql.metric(id, j)})`;
  const tmId = catalog.label('tm_id');
  const byTaskManager = [...j, tmId].join(', ');
  /** One series per operator: `aggregation` over its subtasks, of the value or of its rate or increase. */
  const perOperator = (aggregation: 'sum' | 'max', id: string, over?: 'rate' | 'increase') => {
    const series = promql.metric(id, j);
    return `${aggregation} by (${operatorName}) (${over ? `${over}(${series}[${RATE_INTERVAL}])` : series})`;
  };

  return {
    identity: JOB_DETAIL,
    description: 'Throughput, backpressure, event time, source lag, Kafka sources and sinks, state, checkpoints and restarts of one Flink job.',
    questions: [
      'Does data enter and leave the job, and how fast?',
      'Which task holds the job back (backpressure, busy time)?',
      'Is event time keeping up; do the sources fall behind?',
      'Do the Kafka sources fall behind or fail to commit offsets; do the sinks fail to write?',
      'How much memory does the RocksDB state use, does compaction keep up, how long does a restore take?',
      'Do checkpoints complete, how long and how large are they, and do barriers wait for alignment?',
      'When did the job restart, and how long did it run in between?',
    ],
    variables: [variables.prometheusDatasource(), ...variables.jobVariables()],
    annotations: [restartAnnotation(kit, j), alertAnnotation(kit, variables.cluster)],
    rows: [
      {
        title: 'Throughput',
        panels: [
          panels.timeseries({
            title: 'Records in and out per second',
            description:
              'In: records the source operators emit. Out: records the sink operators receive (operators named "Source: …" and "Sink: …" or "…: Writer"). Read from operators, so chaining does not change the figure; a flat zero while sources have data is a stuck job.',
            unit: unit('operator.numRecordsOutPerSecond'),
            targets: [
              { expr: queries.sourceRecordsOut(j, j), legend: 'in (sources)' },
              { expr: queries.sinkRecordsIn(j, j), legend: 'out (sinks)' },
            ],
            width: 8,
          }),
          panels.timeseries({
            title: 'Records through all tasks',
            description:
              'Records all tasks receive and emit per second, summed over the tasks: each record counts once per task it passes, so the figure grows with the number of unchained tasks. The no-records alert reads these series (zero is zero at any chaining).',
            unit: unit('task.numRecordsInPerSecond'),
            targets: [
              { expr: promql.recorded('task.numRecordsInPerSecond', 'sum', j), legend: 'in' },
              { expr: promql.recorded('task.numRecordsOutPerSecond', 'sum', j), legend: 'out' },
            ],
            width: 8,
          }),
          panels.timeseries({
            title: 'Bytes in and out per second by task',
            description: 'Network bytes per task; chained operators exchange no bytes.',
            unit: unit('task.numBytesInPerSecond'),
            targets: [
              { expr: perTask('task.numBytesInPerSecond'), legend: `in {{${taskName}}}` },
              { expr: perTask('task.numBytesOutPerSecond'), legend: `out {{${taskName}}}` },
            ],
            links: [toTask],
            width: 8,
          }),
        ],
      },
      {
        title: 'Backpressure',
        panels: [
          panels.timeseries({
            title: 'Back-pressured time by task',
            description: 'Worst subtask of each task. Backpressure starts downstream: the busy task after the last back-pressured one is the bottleneck.',
            unit: unit('task.backPressuredTimeMsPerSecond'),
            threshold: { ids: ['backPressuredMsPerSecond'] },
            targets: [{ expr: promql.recorded('task.backPressuredTimeMsPerSecond', 'max', j), legend: `{{${taskName}}}` }],
            links: [toTask],
            width: 8,
          }),
          panels.timeseries({
            title: 'Busy time by task',
            description: 'Worst subtask of each task; near 1000 ms/s the task cannot keep up.',
            unit: unit('task.busyTimeMsPerSecond'),
            threshold: { ids: ['busyMsPerSecond'] },
            targets: [{ expr: promql.recorded('task.busyTimeMsPerSecond', 'max', j), legend: `{{${taskName}}}` }],
            links: [toTask],
            width: 8,
          }),
          panels.timeseries({
            title: 'Idle time by task',
            description: 'Least idle subtask of each task; a task idle most of the time waits for input.',
            unit: unit('task.idleTimeMsPerSecond'),
            targets: [{ expr: `min by (${byTask}) (${promql.metric('task.idleTimeMsPerSecond', j)})`, legend: `{{${taskName}}}` }],
            links: [toTask],
            width: 8,
          }),
        ],
      },
      {
        title: 'Event time and sources',
        panels: [
          panels.timeseries({
            title: 'Event-time lag',
            description: 'Wall clock minus the lowest output watermark of the job: how far event time trails.',
            unit: 's',
            threshold: { ids: ['watermarkLag'] },
            targets: [{ expr: promql.recorded('operator.currentOutputWatermark', 'lag_seconds', j), legend: `{{${jobName}}}` }],
            width: 8,
          }),
          panels.timeseries({
            title: 'Source lag',
            description: 'Records the sources have not fetched yet (Kafka consumer lag and the like); empty for sources that do not know their backlog.',
            unit: unit('operator.pendingRecords'),
            threshold: { ids: ['sourceLagRecords'] },
            targets: [{ expr: promql.recorded('operator.pendingRecords', 'sum', j), legend: `{{${jobName}}}` }],
            width: 8,
          }),
          panels.timeseries({
            title: 'Emit event-time lag by source',
            description: 'Event-time lag of the last record each FLIP-27 source emitted.',
            unit: unit('operator.currentEmitEventTimeLag'),
            targets: [
              { expr: `max by (${operatorName}) (${promql.metric('operator.currentEmitEventTimeLag', j)})`, legend: `{{${operatorName}}}` },
            ],
            width: 8,
          }),
        ],
      },
      {
        title: 'Kafka sources and sinks',
        panels: [
          panels.timeseries({
            title: 'Kafka records lag by source',
            description:
              'Largest partition lag of each source operator, as its Kafka consumer measures it at every poll. Source lag above sums all partitions; this one shows the worst partition, which is where skew between partitions appears.',
            unit: unit('kafkaSource.recordsLagMax'),
            targets: [{ expr: perOperator('max', 'kafkaSource.recordsLagMax'), legend: `{{${operatorName}}}` }],
            width: 8,
          }),
          panels.timeseries({
            title: 'Kafka fetch latency by source',
            description:
              'Average time a fetch request of the source\'s Kafka consumer took, worst subtask. Flink\'s Kafka source registers no fetch event-time lag (currentFetchEventTimeLag): slow fetches show here, event-time lag after emitting in "Emit event-time lag by source".',
            unit: unit('kafkaSource.fetchLatencyAvg'),
            targets: [{ expr: perOperator('max', 'kafkaSource.fetchLatencyAvg'), legend: `{{${operatorName}}}` }],
            width: 8,
          }),
          panels.timeseries({
            title: 'Kafka offset commits',
            description:
              'Offset commits per rate interval. Commits happen when a checkpoint completes; failed commits do not stop the job, but lag measured from committed offsets (consumer-group tools) then looks larger than it is.',
            unit: 'short',
            targets: [
              { expr: perOperator('sum', 'kafkaSource.commitsSucceeded', 'increase'), legend: `succeeded {{${operatorName}}}` },
              { expr: perOperator('sum', 'kafkaSource.commitsFailed', 'increase'), legend: `failed {{${operatorName}}}` },
            ],
            width: 8,
          }),
          panels.timeseries({
            title: 'Records sinks sent and failed to send',
            description:
              'Records per second each sink operator wrote to its external system, and the records it failed to write (Sink V2 writers such as the Kafka sink). The Kafka producer\'s own error rate counts failed sends before Flink\'s retries.',
            unit: unit('operator.numRecordsOutPerSecond'),
            targets: [
              { expr: perOperator('sum', 'operator.numRecordsSend', 'rate'), legend: `sent {{${operatorName}}}` },
              { expr: perOperator('sum', 'operator.numRecordsSendErrors', 'rate'), legend: `failed {{${operatorName}}}` },
              { expr: perOperator('sum', 'kafkaSink.recordErrorRate'), legend: `producer errors {{${operatorName}}}` },
            ],
            width: 8,
          }),
          panels.timeseries({
            title: 'Bytes sinks sent per second',
            description: 'Bytes per second each sink operator wrote to its external system.',
            unit: 'Bps',
            targets: [{ expr: perOperator('sum', 'operator.numBytesSend', 'rate'), legend: `{{${operatorName}}}` }],
            width: 8,
          }),
          panels.timeseries({
            title: 'Kafka produce request latency',
            description: 'Average latency of the Kafka producer\'s produce requests, worst subtask of each sink: slow brokers or acks=all under load show here before backpressure does.',
            unit: unit('kafkaSink.requestLatencyAvg'),
            targets: [{ expr: perOperator('max', 'kafkaSink.requestLatencyAvg'), legend: `{{${operatorName}}}` }],
            width: 8,
          }),
        ],
      },
      {
        title: 'State',
        panels: [
          panels.timeseries({
            title: 'RocksDB memory by TaskManager',
            description:
              'Block cache and memtables of the RocksDB state backend. With managed memory (the default) the column families of a slot share one block cache, each reporting the shared usage: the panel takes the largest per TaskManager, not the sum. Empty with the heap state backend or without state.backend.rocksdb.metrics.* enabled.',
            unit: unit('rocksdb.blockCacheUsage'),
            targets: [
              { expr: `max by (${byTaskManager}) (${promql.metric('rocksdb.blockCacheUsage', j)})`, legend: `block cache {{${tmId}}}` },
              { expr: `sum by (${byTaskManager}) (${promql.metric('rocksdb.curSizeAllMemTables', j)})`, legend: `memtables {{${tmId}}}` },
            ],
            width: 8,
          }),
          panels.timeseries({
            title: 'RocksDB live data and pending compaction by operator',
            description:
              'Estimated live state and bytes compaction still has to rewrite. Pending compaction that keeps growing means writes outpace compaction: reads slow down and RocksDB eventually stalls writes.',
            unit: unit('rocksdb.estimateLiveDataSize'),
            targets: [
              { expr: perOperator('sum', 'rocksdb.estimateLiveDataSize'), legend: `live {{${operatorName}}}` },
              { expr: perOperator('sum', 'rocksdb.estimatePendingCompactionBytes'), legend: `pending compaction {{${operatorName}}}` },
            ],
            width: 8,
          }),
          panels.stat({
            title: 'RocksDB background errors',
            description: 'Background (flush, compaction) errors of the job\'s RocksDB instances: anything above 0 needs a look at the TaskManager logs.',
            unit: unit('rocksdb.backgroundErrors'),
            targets: [{ expr: `max(${promql.metric('rocksdb.backgroundErrors', j)})`, legend: 'errors' }],
            width: 4,
          }),
          panels.timeseries({
            title: 'Initialization time by task',
            description:
              'Time the slowest subtask of each task spent initializing before it ran: restoring state from the last checkpoint and opening operators. It grows with state size and makes every restart longer.',
            unit: unit('task.initializationTime'),
            targets: [{ expr: `max by (${byTask}) (${promql.metric('task.initializationTime', j)})`, legend: `{{${taskName}}}` }],
            links: [toTask],
            width: 4,
          }),
        ],
      },
      {
        title: 'Checkpoints',
        panels: [
          panels.timeseries({
            title: 'Checkpoints completed and failed',
            description: 'Checkpoints per rate interval; any failure raises the checkpoint alert.',
            unit: 'short',
            targets: [
              { expr: `sum(increase(${promql.metric('job.numberOfCompletedCheckpoints', j)}[${RATE_INTERVAL}]))`, legend: 'completed' },
              { expr: `sum(increase(${promql.metric('job.numberOfFailedCheckpoints', j)}[${RATE_INTERVAL}]))`, legend: 'failed' },
            ],
            width: 8,
          }),
          panels.timeseries({
            title: 'Checkpoint duration',
            description:
              'Duration of the last completed checkpoint, and the alert limit: checkpointDurationRatio of the job\'s own checkpoint period (checkpointPeriodWindow / checkpoints completed in it). Close to the period, checkpoints queue up.',
            unit: unit('job.lastCheckpointDuration'),
            targets: [
              { expr: promql.metric('job.lastCheckpointDuration', j), legend: 'duration' },
              {
                expr: `${catalog.number('checkpointDurationRatio')} * ${catalog.seconds('checkpointPeriodWindow') * 1000} / delta(${promql.metric('job.numberOfCompletedCheckpoints', j)}[${catalog.duration('checkpointPeriodWindow')}])`,
                legend: 'alert limit',
              },
            ],
            width: 8,
          }),
          panels.timeseries({
            title: 'Checkpoint age',
            description:
              'Seconds since the last completed checkpoint. Flink 2.x: from lastCheckpointCompletedTimestamp. Flink 1.20 has no such gauge: there, from the last change of the completed-checkpoint count (up to one rate interval short), and the alert window itself once no checkpoint completed within it.',
            unit: 's',
            threshold: { ids: ['checkpointMaxAge'] },
            targets: [{ expr: queries.checkpointAge(j), legend: 'age' }],
            width: 8,
          }),
          panels.timeseries({
            title: 'Checkpoint size',
            description: 'Checkpointed size (incremental part when incremental) and full size of the last checkpoint, over time: steady growth of the full size is state that is never cleaned up (missing TTL, unbounded keys).',
            unit: unit('job.lastCheckpointSize'),
            targets: [
              { expr: promql.metric('job.lastCheckpointSize', j), legend: 'checkpointed' },
              { expr: promql.metric('job.lastCheckpointFullSize', j), legend: 'full' },
            ],
            width: 8,
          }),
          panels.timeseries({
            title: 'Checkpoint alignment time by task',
            description:
              'Longest barrier alignment of the last checkpoint, worst subtask of each task (aligned checkpoints, tasks with network input): long alignment with backpressure is what makes checkpoints slow. Empty for tasks without network input and with unaligned checkpoints.',
            unit: unit('task.checkpointAlignmentTime'),
            targets: [{ expr: `max by (${byTask}) (${promql.metric('task.checkpointAlignmentTime', j)})`, legend: `{{${taskName}}}` }],
            links: [toTask],
            width: 8,
          }),
          panels.stat({
            title: 'Checkpoints in progress',
            description: 'Checkpoints triggered but not yet completed or failed.',
            unit: unit('job.numberOfInProgressCheckpoints'),
            targets: [{ expr: `sum(${promql.metric('job.numberOfInProgressCheckpoints', j)})`, legend: 'in progress' }],
            width: 4,
            height: 8,
          }),
          panels.stat({
            title: 'Failed checkpoints in the alert window',
            description: 'Failed checkpoints within the window the checkpoint-failure alert looks at.',
            unit: 'short',
            targets: [
              {
                expr: `sum(increase(${promql.metric('job.numberOfFailedCheckpoints', j)}[${catalog.duration('checkpointFailureWindow')}]))`,
                legend: 'failed',
              },
            ],
            width: 4,
            height: 8,
          }),
        ],
      },
      {
        title: 'Restarts',
        panels: [
          panels.timeseries({
            title: 'Restarts',
            description: 'Restarts per rate interval. Click to read the job\'s error lines.',
            unit: 'short',
            targets: [{ expr: `sum by (${byJob}) (increase(${promql.metric('job.numRestarts', j)}[${RATE_INTERVAL}]))`, legend: `{{${jobName}}}` }],
            links: [toLogs],
          }),
          panels.timeseries({
            title: 'Running and restarting time',
            description:
              'Time in the current RUNNING state (Flink\'s runningTime; uptime is deprecated) and in the current RESTARTING state: a running time that drops to zero is a restart, a restarting time that keeps growing is a job that cannot come back (no slots, failing restore).',
            unit: unit('job.runningTime'),
            targets: [
              { expr: promql.metric('job.runningTime', j), legend: `running {{${jobName}}}` },
              { expr: promql.metric('job.restartingTime', j), legend: `restarting {{${jobName}}}` },
            ],
            links: [toLogs],
          }),
        ],
      },
    ],
    firstLooks: [
      { thresholds: ['backPressuredMsPerSecond', 'busyMsPerSecond'], look: '"Back-pressured time by task" and "Busy time by task": the busy task right after the last back-pressured one is the bottleneck; click it for its subtasks.' },
      { thresholds: ['watermarkLag'], look: '"Event-time lag", then "Source lag": lag with a growing backlog means the job is too slow; lag without one means an idle or stuck source.' },
      { thresholds: ['sourceLagRecords'], look: '"Source lag" next to "Records in and out per second" and "Busy time by task".' },
      { thresholds: ['checkpointFailureWindow', 'checkpointMaxAge'], look: '"Checkpoints completed and failed" and "Checkpoint age", then the job\'s error lines (Restarts panel links to Logs).' },
      { thresholds: ['checkpointDurationRatio', 'checkpointPeriodWindow'], look: '"Checkpoint duration" next to "Checkpoint size" and "Back-pressured time by task" (barriers wait behind backpressure).' },
    ],
  };
}
