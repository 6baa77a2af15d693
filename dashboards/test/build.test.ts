import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generatedFiles } from '../src/build';
import { Catalog, parseDurationMillis } from '../src/catalog/catalog';
import { Panels } from '../src/grafana/panels';
import { PromQL } from '../src/grafana/promql';
import { writeOrCheck } from '../src/output/generated-files';
import { REPO_ROOT } from '../src/paths';

const catalog = Catalog.load();

test('the committed generated files are exactly what the code generates', () => {
  const files = generatedFiles(catalog);
  assert.equal(files.size, 11, [...files.keys()].join('\n'));
  for (const [file, content] of files) {
    const relative = path.relative(REPO_ROOT, file);
    assert.ok(fs.existsSync(file), `${relative} exists: run npm run build`);
    assert.equal(fs.readFileSync(file, 'utf8'), content, `${relative} is out of date: run npm run build and commit it`);
  }
});

test('outside CI the generated files are written; in CI a difference is reported and nothing written', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboards-'));
  try {
    const file = path.join(dir, 'sub', 'a.json');
    const unknown = path.join(dir, 'kustomization.yaml');
    fs.writeFileSync(unknown, 'kept');
    assert.deepEqual(writeOrCheck(new Map([[file, 'one']]), false), []);
    assert.equal(fs.readFileSync(file, 'utf8'), 'one');

    const stale = writeOrCheck(new Map([[file, 'two']]), true);
    assert.equal(stale.length, 1);
    assert.ok(stale[0].endsWith(path.join('sub', 'a.json')), stale[0]);
    assert.equal(fs.readFileSync(file, 'utf8'), 'one', 'CI does not rewrite');
    assert.deepEqual(writeOrCheck(new Map([[file, 'one']]), true), [], 'equal content passes in CI');
    assert.equal(fs.readFileSync(unknown, 'utf8'), 'kept', 'files the build does not generate are left alone');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an unknown catalog id stops the build with the file to fix', () => {
  assert.throws(() => catalog.metric('task.noSuchMetric'), /catalog\/flink-metrics\.json has no metric with id "task\.noSuchMetric"/);
  assert.throws(() => catalog.threshold('noSuchThreshold'), /catalog\/thresholds\.json has no threshold with id "noSuchThreshold"/);
  assert.throws(() => catalog.label('no_such_label'), /label "no_such_label" is neither a target label nor in any labelSets entry/);
  assert.throws(() => catalog.recording('task.idleTimeMsPerSecond', 'max'), /catalog\/recording-rules\.json has no rule applying "max" to task\.idleTimeMsPerSecond/);
});

test('a variable filter on a label the series does not carry stops the build', () => {
  const promql = new PromQL(catalog);
  assert.equal(
    promql.metric('job.numRestarts', ['namespace', 'job_name']),
    'flink_jobmanager_job_numRestarts{namespace=~"$namespace", job_name=~"$job_name"}',
  );
  assert.throws(() => promql.metric('jobmanager.numRunningJobs', ['job_name']), /has no label "job_name"/);
  assert.equal(
    promql.recorded('task.busyTimeMsPerSecond', 'max', ['flink_cluster', 'task_name']),
    'job_name_task_name:flink_taskmanager_job_task_busyTimeMsPerSecond:max{flink_cluster=~"$flink_cluster", task_name=~"$task_name"}',
  );
  assert.throws(() => promql.recorded('task.busyTimeMsPerSecond', 'max', ['tm_id']), /has no label "tm_id"/);
  assert.equal(
    promql.recorded('kubeStateMetrics.containerResourceLimits', 'join', ['namespace'], { resource: 'memory' }),
    'flink_pod:kube_pod_container_resource_limits:join{namespace=~"$namespace", resource=~"memory"}',
  );
  assert.throws(() => promql.recorded('cadvisor.memoryWorkingSet', 'join', [], { resource: 'memory' }), /keeps no label "resource"/);
});

test('threshold values convert durations into the panel unit and multiply ratios', () => {
  const panels = new Panels(catalog);
  assert.equal(panels.thresholdValue({ ids: ['watermarkLag'] }, 's'), parseDurationMillis(catalog.duration('watermarkLag'))! / 1000);
  assert.equal(
    panels.thresholdValue({ ids: ['checkpointDurationRatio', 'checkpointPeriodWindow'] }, 'ms'),
    catalog.number('checkpointDurationRatio') * parseDurationMillis(catalog.duration('checkpointPeriodWindow'))!,
  );
  assert.equal(panels.thresholdValue({ ids: ['backPressuredMsPerSecond'] }, 'ms'), catalog.number('backPressuredMsPerSecond'));
  assert.throws(() => panels.thresholdValue({ ids: ['watermarkLag'] }, 'short'), /is a duration but the panel unit is "short"/);
});

test('docs/dashboards.md says what each dashboard answers, from which series, and what stays empty without which source', () => {
  const doc = [...generatedFiles(catalog).entries()].find(([file]) => file.endsWith(path.join('docs', 'dashboards.md')))![1];
  const sections = doc.split(/^## /m).slice(1);
  assert.equal(sections.length, 8);
  for (const section of sections) {
    const title = section.split('\n')[0];
    assert.match(section, /\nAnswers:\n\n- .+\?\n/, title);
    assert.match(section, /\n(Series: `[^`]+`|Logs: the log appender's Loki streams)/, title);
  }
  const kubernetes = sections.find((s) => s.startsWith('Flink / Kubernetes'))!;
  const emptyWithout = (source: string) => new RegExp(`^Empty without ${source}: (.*)\\.$`, 'm').exec(kubernetes)?.[1] ?? '';
  // Every Kubernetes panel joins on kube_pod_labels; panels reading only cAdvisor series need cAdvisor.
  assert.equal(emptyWithout('kube-state-metrics').split('", "').length, 8);
  assert.equal(emptyWithout("the kubelet's cAdvisor"), '"Memory working set / limit", "CPU throttling"');
  assert.equal(emptyWithout('the Flink Kubernetes operator'), '"FlinkDeployments in trouble", "Autoscaler scalings", "Autoscaler errors"');
  const exporter = sections.find((s) => s.startsWith('Flink / Exporter health'))!;
  assert.match(exporter, /^Empty without the kit's log appender in lib\/: "Log lines sent per second", "Log lines dropped per second", "Log batches failed per second"\.$/m);
  const job = sections.find((s) => s.startsWith('Flink / Job\n'))!;
  // Only the panels whose every query reads connector or RocksDB series: "Records sinks sent and failed
  // to send" also reads Flink's own sink counters, so it is not listed.
  const jobEmptyWithout = (source: string) => new RegExp(`^Empty without ${source}: (.*)\\.$`, 'm').exec(job)?.[1] ?? '';
  assert.equal(
    jobEmptyWithout('a Kafka source or sink \\(flink-connector-kafka registers these series\\)'),
    '"Kafka records lag by source", "Kafka fetch latency by source", "Kafka offset commits", "Kafka produce request latency"',
  );
  assert.equal(jobEmptyWithout('the RocksDB state backend .*?'), '"RocksDB memory by TaskManager", "RocksDB live data and pending compaction by operator", "RocksDB background errors"');
  assert.equal(job.match(/^Empty without/gm)?.length, 2, 'the job dashboard needs nothing else');
});
