import { DashboardSpec, Kit } from '../grafana/dashboard-spec';
import { RATE_INTERVAL } from '../grafana/promql';
import { TASKMANAGER_JVM } from './identities';

/** The TaskManager processes: JVM memory, GC, threads, CPU, Flink managed and network memory. */
export function taskManagerJvm(kit: Kit): DashboardSpec {
  const { catalog, promql, panels, variables } = kit;
  const tm = variables.taskManager;
  const tmId = catalog.label('tm_id');
  const legend = `{{${tmId}}}`;
  const byTm = tm.join(', ');
  const unit = (id: string) => catalog.metric(id).unit;
  const series = (id: string, what = '') => ({ expr: promql.metric(id, tm), legend: what ? `${what} ${legend}` : legend });
  /** used / max, where a max of -1 (unlimited) or 0 leaves no ratio instead of a negative one. */
  const ratio = (used: string, max: string) => ({ expr: `${promql.metric(used, tm)} / (${promql.metric(max, tm)} > 0)`, legend });

  return {
    identity: TASKMANAGER_JVM,
    description: 'JVM memory, garbage collection, threads and CPU of TaskManagers, with Flink managed memory and network buffers.',
    questions: [
      'Is a TaskManager running out of heap, metaspace or direct memory?',
      'How much time goes to garbage collection, and how long are the pauses?',
      'Are threads, open files, CPU, managed memory or network buffers near a limit?',
    ],
    variables: [variables.prometheusDatasource(), ...variables.taskManagerVariables()],
    rows: [
      {
        title: 'JVM memory',
        panels: [
          panels.timeseries({
            title: 'Heap used',
            description: 'Heap used / max; near the line, GC time rises before an OutOfMemoryError.',
            unit: 'percentunit',
            threshold: { ids: ['heapUsedRatio'] },
            targets: [{ expr: promql.recorded('taskmanager.heapUsed', 'ratio', tm), legend }],
            width: 8,
          }),
          panels.timeseries({
            title: 'Metaspace used',
            description: 'Metaspace used / limit (no ratio when unlimited); grows with every job resubmission that leaks a class loader.',
            unit: 'percentunit',
            threshold: { ids: ['metaspaceUsedRatio'] },
            targets: [ratio('taskmanager.metaspaceUsed', 'taskmanager.metaspaceMax')],
            width: 8,
          }),
          panels.timeseries({
            title: 'Direct memory used',
            description: 'Direct buffer memory used (network buffers and connectors live here). Bytes, not a ratio: the JVM exports no limit, and used equals capacity on JDK 17, so a ratio would always read 100%.',
            unit: unit('taskmanager.directUsed'),
            targets: [series('taskmanager.directUsed', 'direct used')],
            width: 8,
          }),
          panels.timeseries({
            title: 'Heap and non-heap bytes',
            description: 'Heap used and max, non-heap used.',
            unit: unit('taskmanager.heapUsed'),
            targets: [
              series('taskmanager.heapUsed', 'heap used'),
              series('taskmanager.heapMax', 'heap max'),
              series('taskmanager.nonHeapUsed', 'non-heap used'),
            ],
          }),
          panels.timeseries({
            title: 'Direct and metaspace bytes',
            description: 'Direct buffers used and their capacity (Flink), buffer pools of the exporter\'s JVM statistics, metaspace used.',
            unit: unit('taskmanager.directUsed'),
            targets: [
              series('taskmanager.directUsed', 'direct used'),
              series('taskmanager.directTotalCapacity', 'direct capacity'),
              { expr: `sum by (${byTm}) (${promql.metric('jvm.bufferMemoryUsed', tm)})`, legend: `buffer pools ${legend}` },
              series('taskmanager.metaspaceUsed', 'metaspace'),
            ],
          }),
        ],
      },
      {
        title: 'Garbage collection',
        panels: [
          panels.timeseries({
            title: 'GC time per second (Flink)',
            description: 'Milliseconds per second all collectors ran, as Flink measures it.',
            unit: unit('taskmanager.gcTimeMsPerSecond'),
            threshold: { ids: ['gcTimeMsPerSecond'] },
            targets: [series('taskmanager.gcTimeMsPerSecond')],
            width: 8,
          }),
          panels.timeseries({
            title: 'GC pauses per second',
            description: 'GC pauses per second from the exporter\'s JVM statistics.',
            unit: 'ops',
            targets: [{ expr: `sum by (${byTm}) (rate(${promql.summaryPart('jvm.gcPauseSeconds', '_count', tm)}[${RATE_INTERVAL}]))`, legend }],
            width: 8,
          }),
          panels.timeseries({
            title: 'GC pause time',
            description: 'Share of wall time the JVM was paused for GC (seconds of pause per second), from the exporter\'s JVM statistics.',
            unit: 'percentunit',
            targets: [
              { expr: `sum by (${byTm}) (rate(${promql.summaryPart('jvm.gcPauseSeconds', '_sum', tm)}[${RATE_INTERVAL}]))`, legend: `paused ${legend}` },
            ],
            width: 8,
          }),
          panels.timeseries({
            title: 'Longest recent GC pause',
            description: 'Longest GC pause in the exporter\'s recent window.',
            unit: unit('jvm.gcPauseSecondsMax'),
            targets: [{ expr: `max by (${byTm}) (${promql.metric('jvm.gcPauseSecondsMax', tm)})`, legend }],
          }),
          panels.timeseries({
            title: 'Allocation rate',
            description: 'Bytes allocated in the young generation per second.',
            unit: 'binBps',
            targets: [{ expr: `sum by (${byTm}) (rate(${promql.metric('jvm.gcMemoryAllocated', tm)}[${RATE_INTERVAL}]))`, legend }],
          }),
        ],
      },
      {
        title: 'Threads and CPU',
        panels: [
          panels.timeseries({
            title: 'CPU',
            description: 'CPU used by the TaskManager process (0..1 of the cores the JVM sees).',
            unit: unit('process.cpuUsage'),
            targets: [
              { expr: `max by (${byTm}) (${promql.metric('process.cpuUsage', tm)})`, legend: `process ${legend}` },
              series('taskmanager.cpuLoad', 'Flink'),
            ],
            width: 8,
          }),
          panels.timeseries({
            title: 'Threads',
            description: 'Live threads; a steady climb is a thread leak.',
            unit: unit('taskmanager.threads'),
            targets: [series('taskmanager.threads')],
            width: 8,
          }),
          panels.timeseries({
            title: 'Open files',
            description: 'Open file descriptors and the limit.',
            unit: unit('process.openFiles'),
            targets: [
              { expr: `max by (${byTm}) (${promql.metric('process.openFiles', tm)})`, legend: `open ${legend}` },
              { expr: `max by (${byTm}) (${promql.metric('process.maxFiles', tm)})`, legend: `limit ${legend}` },
            ],
            width: 8,
          }),
        ],
      },
      {
        title: 'Flink memory',
        panels: [
          panels.timeseries({
            title: 'Managed memory',
            description: 'Flink managed memory (RocksDB, sorting, batch joins) used and available.',
            unit: unit('taskmanager.managedMemoryUsed'),
            targets: [series('taskmanager.managedMemoryUsed', 'used'), series('taskmanager.managedMemoryTotal', 'total')],
            width: 8,
          }),
          panels.timeseries({
            title: 'Network memory',
            description: 'Network (shuffle) memory used and allocated.',
            unit: unit('taskmanager.networkUsedMemory'),
            targets: [series('taskmanager.networkUsedMemory', 'used'), series('taskmanager.networkTotalMemory', 'total')],
            width: 8,
          }),
          panels.timeseries({
            title: 'Network buffers',
            description: 'Unused and total network memory segments; no unused segments means backpressure.',
            unit: unit('taskmanager.networkTotalSegments'),
            targets: [
              series('taskmanager.networkAvailableSegments', 'unused'),
              series('taskmanager.networkTotalSegments', 'total'),
            ],
            width: 8,
          }),
        ],
      },
    ],
    firstLooks: [
      { thresholds: ['heapUsedRatio'], look: '"Heap used" with "GC time per second (Flink)" and "Allocation rate": heap near max with rising GC time is a leak or too little heap.' },
      { thresholds: ['gcTimeMsPerSecond'], look: '"GC pauses per second" and "Longest recent GC pause" of the TaskManager, then "Heap used".' },
      { thresholds: ['metaspaceUsedRatio'], look: '"Metaspace used": growth per job submission is a class loader leak.' },
    ],
  };
}
