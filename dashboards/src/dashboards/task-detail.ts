import { DashboardSpec, Kit } from '../grafana/dashboard-spec';
import { drillDown } from '../grafana/links';
import { RATE_INTERVAL } from '../grafana/promql';
import { TASK_DETAIL, TASKMANAGER_JVM } from './identities';

/** The subtasks and operators of chosen tasks: skew between subtasks, operator throughput. */
export function taskDetail(kit: Kit): DashboardSpec {
  const { catalog, promql, panels, variables } = kit;
  const t = variables.task;
  const taskName = catalog.label('task_name');
  const subtask = catalog.label('subtask_index');
  const operatorName = catalog.label('operator_name');
  const subtaskLegend = `{{${taskName}}} #{{${subtask}}}`;
  const unit = (id: string) => catalog.metric(id).unit;
  const toTaskManager = drillDown(TASKMANAGER_JVM, [...variables.cluster, catalog.label('tm_id')]);
  const perSubtask = (id: string) => ({ expr: promql.metric(id, t), legend: subtaskLegend });
  const byOperator = [...t, operatorName].join(', ');

  return {
    identity: TASK_DETAIL,
    description: 'Subtasks and operators of the chosen tasks of one job: busy/backpressure skew, buffers, watermarks, operator throughput.',
    questions: [
      'Is one subtask hotter than the others (data skew), or are all of them busy (too little parallelism)?',
      'Which subtask waits for buffers or for checkpoint barriers?',
      'How many records does each operator take in and emit, where does the watermark stop, which sink fails writes?',
    ],
    variables: [variables.prometheusDatasource(), ...variables.taskVariables()],
    rows: [
      {
        title: 'Subtasks',
        panels: [
          panels.timeseries({
            title: 'Busy time by subtask',
            description: 'One busy subtask among idle ones is data skew (a hot key). Click to open the TaskManager it runs on.',
            unit: unit('task.busyTimeMsPerSecond'),
            threshold: { ids: ['busyMsPerSecond'] },
            targets: [perSubtask('task.busyTimeMsPerSecond')],
            links: [toTaskManager],
            width: 8,
          }),
          panels.timeseries({
            title: 'Back-pressured time by subtask',
            description: 'Time each subtask waited for output buffers.',
            unit: unit('task.backPressuredTimeMsPerSecond'),
            threshold: { ids: ['backPressuredMsPerSecond'] },
            targets: [perSubtask('task.backPressuredTimeMsPerSecond')],
            links: [toTaskManager],
            width: 8,
          }),
          panels.timeseries({
            title: 'Idle time by subtask',
            description: 'Time each subtask waited for input.',
            unit: unit('task.idleTimeMsPerSecond'),
            targets: [perSubtask('task.idleTimeMsPerSecond')],
            width: 8,
          }),
          panels.timeseries({
            title: 'Records in per second by subtask',
            description: 'Uneven rates across subtasks of one task are skew.',
            unit: unit('task.numRecordsInPerSecond'),
            targets: [perSubtask('task.numRecordsInPerSecond')],
          }),
          panels.timeseries({
            title: 'Records out per second by subtask',
            description: 'Records each subtask emits per second.',
            unit: unit('task.numRecordsOutPerSecond'),
            targets: [perSubtask('task.numRecordsOutPerSecond')],
          }),
        ],
      },
      {
        title: 'Buffers and checkpoint barriers',
        panels: [
          panels.timeseries({
            title: 'Input buffer pool usage',
            description: 'Full input buffers: this subtask is slower than its inputs.',
            unit: unit('task.Shuffle_Netty_Input_Buffers_inPoolUsage'),
            targets: [perSubtask('task.Shuffle_Netty_Input_Buffers_inPoolUsage')],
            width: 8,
          }),
          panels.timeseries({
            title: 'Output buffer pool usage',
            description: 'Full output buffers: downstream is slower than this subtask.',
            unit: unit('task.Shuffle_Netty_Output_Buffers_outPoolUsage'),
            targets: [perSubtask('task.Shuffle_Netty_Output_Buffers_outPoolUsage')],
            width: 8,
          }),
          panels.timeseries({
            title: 'Checkpoint start delay',
            description: 'Time from checkpoint trigger until the barrier reached the subtask; grows with backpressure.',
            unit: unit('task.checkpointStartDelayNanos'),
            targets: [perSubtask('task.checkpointStartDelayNanos')],
            width: 8,
          }),
        ],
      },
      {
        title: 'Operators',
        panels: [
          panels.timeseries({
            title: 'Records in per second by operator',
            description: 'All subtasks of each operator of the chosen tasks.',
            unit: unit('operator.numRecordsInPerSecond'),
            targets: [{ expr: `sum by (${byOperator}) (${promql.metric('operator.numRecordsInPerSecond', t)})`, legend: `{{${operatorName}}}` }],
          }),
          panels.timeseries({
            title: 'Records out per second by operator',
            description: 'A filter or a flat-map shows here how much it drops or multiplies.',
            unit: unit('operator.numRecordsOutPerSecond'),
            targets: [{ expr: `sum by (${byOperator}) (${promql.metric('operator.numRecordsOutPerSecond', t)})`, legend: `{{${operatorName}}}` }],
          }),
          panels.timeseries({
            title: 'Output watermark by operator',
            description: 'Lowest output watermark over the subtasks of each operator (before the first watermark: none).',
            unit: unit('operator.currentOutputWatermark'),
            targets: [
              { expr: `min by (${byOperator}) (${promql.metric('operator.currentOutputWatermark', t)} > 0)`, legend: `{{${operatorName}}}` },
            ],
          }),
          panels.timeseries({
            title: 'Records a sink failed to write',
            description:
              'Failed writes per rate interval, per sink operator: Sink V2 writers (the Kafka sink, most current connectors) count them as send errors, older sinks as out errors; the sink-error alert reads both.',
            unit: unit('operator.numRecordsOutErrors'),
            targets: [
              {
                expr: `sum by (${byOperator}) (increase(${promql.metric('operator.numRecordsSendErrors', t)}[${RATE_INTERVAL}]))`,
                legend: `send errors {{${operatorName}}}`,
              },
              {
                expr: `sum by (${byOperator}) (increase(${promql.metric('operator.numRecordsOutErrors', t)}[${RATE_INTERVAL}]))`,
                legend: `out errors {{${operatorName}}}`,
              },
            ],
          }),
        ],
      },
    ],
    firstLooks: [
      { thresholds: ['busyMsPerSecond'], look: '"Busy time by subtask": one hot subtask is skew, all hot means too little parallelism; click one for its TaskManager.' },
      { thresholds: ['backPressuredMsPerSecond'], look: '"Output buffer pool usage" full and "Back-pressured time by subtask" high: look one task downstream.' },
    ],
  };
}
