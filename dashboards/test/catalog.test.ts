import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Catalog, CATALOG_FILES, parseDurationMillis } from '../src/catalog/catalog';
import { CATALOG_DIR } from '../src/paths';

/** The Java reader's test resources: its fixture catalog and the duration vectors both readers share. */
const JAVA_TEST_RESOURCES = path.join(CATALOG_DIR, 'src', 'test', 'resources');
const FIXTURE = path.join(JAVA_TEST_RESOURCES, 'fixture');

/** The fixture catalog's files with the repository's schema, to change one value and load the result. */
function fixtureFiles(): Record<string, any> {
  return Object.fromEntries(
    CATALOG_FILES.map((file) => [file, JSON.parse(fs.readFileSync(path.join(FIXTURE, file), 'utf8'))]),
  );
}

const schema = JSON.parse(fs.readFileSync(path.join(CATALOG_DIR, 'catalog.schema.json'), 'utf8'));
const fixture = (files: Record<string, any> = fixtureFiles()): Catalog => new Catalog(files as any, schema);

test('durations follow the grammar of the Java reader, on the vectors both readers test', () => {
  const vectors = JSON.parse(fs.readFileSync(path.join(JAVA_TEST_RESOURCES, 'duration-vectors.json'), 'utf8')) as {
    valid: Record<string, number>;
    invalid: string[];
  };
  assert.ok(Object.keys(vectors.valid).length > 5 && vectors.invalid.length > 5);
  for (const [duration, millis] of Object.entries(vectors.valid)) {
    assert.equal(parseDurationMillis(duration), millis, duration);
  }
  for (const duration of vectors.invalid) {
    assert.equal(parseDurationMillis(duration), undefined, duration);
  }
});

test('record names and kept labels of the fixture catalog are those the Java reader derives', () => {
  const catalog = fixture();
  // The same records and labels as catalog/src/test/java/.../RecordingRuleTest.java expects.
  assert.deepEqual(
    catalog.recordingRules.map((r) => r.record),
    [
      'job_name_task_name:flink_taskmanager_job_task_busyTimeMsPerSecond:max',
      'job_name:flink_jobmanager_job_lastCheckpointCompletedTimestamp:age_seconds',
      'tm_id:flink_taskmanager_Status_JVM_Memory_Heap_Used:ratio',
    ],
  );
  assert.deepEqual(catalog.recording('task.busyTimeMsPerSecond', 'max').labels, [
    'ns',
    'flink_cluster',
    'job_id',
    'job_name',
    'task_name',
  ]);
  assert.deepEqual(catalog.recording('taskmanager.heapUsed', 'ratio', 'tm_id').labels, [
    'ns',
    'flink_cluster',
    'pod',
    'host',
    'tm_id',
  ]);
  assert.deepEqual(catalog.clusterKey, ['ns', 'flink_cluster']);
  assert.equal(catalog.targetLabel('cluster'), 'flink_cluster');
  assert.equal(catalog.seconds('scrapeTimeout'), 0.5);
  assert.equal(catalog.seconds('restartWindow'), 5400);
  assert.deepEqual(catalog.logComponents, ['jobmanager', 'taskmanager']);
});

test('files that do not match the schema are rejected with the file and the place', () => {
  const badDuration = fixtureFiles();
  badDuration['thresholds.json'].thresholds[0].value = '10 minutes';
  assert.throws(() => fixture(badDuration), /catalog\/thresholds\.json: thresholds\/0\/value: /);

  const badType = fixtureFiles();
  badType['flink-metrics.json'].metrics[0].type = 'histogram';
  assert.throws(() => fixture(badType), /catalog\/flink-metrics\.json: metrics\/0\/type: /);

  const noDenominator = fixtureFiles();
  delete noDenominator['recording-rules.json'].rules[2].denominator;
  assert.throws(() => fixture(noDenominator), /catalog\/recording-rules\.json: rules\/2: /);
});

test('references to nothing are rejected as the Java reader rejects them', () => {
  const unknownMetric = fixtureFiles();
  unknownMetric['recording-rules.json'].rules[0].metric = 'task.idleTimeMsPerSecond';
  assert.throws(
    () => fixture(unknownMetric),
    /^Error: catalog\/recording-rules\.json: rules\[0\]: metric "task\.idleTimeMsPerSecond" is not in catalog\/flink-metrics\.json; add it there or fix the id$/,
  );
  const unknownScope = fixtureFiles();
  unknownScope['flink-metrics.json'].metrics[0].scope = 'operator';
  assert.throws(
    () => fixture(unknownScope),
    /^Error: catalog\/flink-metrics\.json: metric "job\.numRestarts" has scope "operator", which is no labelSets entry of catalog\/labels\.json$/,
  );
});
