import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATALOG_DIR, PROVISIONING_DIR } from '../src/paths';
import { contentPanels, generatedDashboards, where } from './generated-dashboards';

const dashboards = generatedDashboards();
const DATASOURCE_VARIABLES: Record<string, string> = { prometheus: '${datasource}', loki: '${loki_datasource}' };

test('the eight dashboards of the kit are generated', () => {
  assert.deepEqual(
    dashboards.map((d) => d.id),
    ['cluster-overview', 'exporter-health', 'fleet-overview', 'job-detail', 'kubernetes', 'logs', 'task-detail', 'taskmanager-jvm'],
  );
});

test('uids are derived from the dashboard identity (file name), unique and at most 40 characters', () => {
  const uids = dashboards.map((d) => d.json.uid);
  for (const { id, json } of dashboards) {
    assert.equal(json.uid, `flink-o11y-${id}`);
    assert.ok(json.uid.length <= 40, json.uid);
  }
  assert.equal(new Set(uids).size, uids.length);
  assert.equal(new Set(dashboards.map((d) => d.json.title)).size, dashboards.length, 'titles are unique');
});

test('every dashboard has a description, the kit tag and the link bar to the others', () => {
  for (const { id, json } of dashboards) {
    assert.ok(json.description.length > 20, id);
    assert.deepEqual(json.tags, ['flink-o11y'], id);
    assert.deepEqual(
      json.links.map((l) => [l.type, l.tags, l.includeVars, l.keepTime]),
      [['dashboards', ['flink-o11y'], true, true]],
      id,
    );
  }
});

test('every panel has a title, a description and a unique id', () => {
  for (const { id, json } of dashboards) {
    const ids = json.panels.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, `${id}: panel ids are unique`);
    for (const panel of contentPanels(json)) {
      assert.ok(panel.title && panel.title.trim().length > 0, `${id}: panel ${panel.id} has a title`);
      assert.ok(panel.description && panel.description.trim().length > 10, `${where(id, panel)} has a description`);
    }
  }
});

test('every panel and every target uses a datasource variable, never a fixed datasource', () => {
  for (const { id, json } of dashboards) {
    const variables = json.templating.list.filter((v) => v.type === 'datasource').map((v) => `\${${v.name}}`);
    for (const panel of contentPanels(json)) {
      assert.ok(panel.datasource, `${where(id, panel)} names a datasource`);
      assert.equal(panel.datasource.uid, DATASOURCE_VARIABLES[panel.datasource.type], where(id, panel));
      assert.ok(variables.includes(panel.datasource.uid), `${where(id, panel)}: ${panel.datasource.uid} is a variable of the dashboard`);
      assert.ok((panel.targets ?? []).length > 0, `${where(id, panel)} has queries`);
      for (const target of panel.targets ?? []) {
        assert.deepEqual(target.datasource, panel.datasource, where(id, panel, target.refId));
      }
    }
  }
});

test('every panel that shows numbers has a unit (log line panels have none)', () => {
  for (const { id, json } of dashboards) {
    for (const panel of contentPanels(json)) {
      if (panel.type === 'logs') {
        continue;
      }
      const unit = panel.fieldConfig?.defaults?.unit;
      assert.ok(unit && unit.length > 0, `${where(id, panel)} has a unit`);
    }
  }
});

test('panel thresholds equal the alert thresholds of catalog/thresholds.json', () => {
  const raw = JSON.parse(fs.readFileSync(path.join(CATALOG_DIR, 'thresholds.json'), 'utf8')) as {
    thresholds: { id: string; value: number | string; unit: string }[];
  };
  const byId = new Map(raw.thresholds.map((t) => [t.id, t]));
  const seconds: Record<string, number> = { s: 1, m: 60, h: 3600 };
  const inUnit = (id: string, unit: string): number => {
    const t = byId.get(id);
    assert.ok(t, `thresholds.json has ${id}`);
    if (typeof t.value === 'number') {
      return t.value;
    }
    const [, n, u] = /^(\d+)([smh])$/.exec(t.value)!;
    return (Number(n) * seconds[u]) / (unit === 'ms' ? 0.001 : 1);
  };
  let checked = 0;
  for (const { id, json } of dashboards) {
    for (const panel of contentPanels(json)) {
      const steps = panel.fieldConfig?.defaults?.thresholds?.steps ?? [];
      const named = /\(thresholds\.json: ([^)]*)\)/.exec(panel.description ?? '');
      if (steps.length < 2) {
        assert.equal(named, null, `${where(id, panel)} names a threshold but shows none`);
        continue;
      }
      assert.ok(named, `${where(id, panel)} shows a threshold: its description names the catalog entry`);
      const unit = panel.fieldConfig!.defaults!.unit!;
      const expected = named[1].split(' × ').reduce((product, tid) => product * inUnit(tid, unit), 1);
      assert.equal(steps[steps.length - 1].value, expected, where(id, panel));
      checked++;
    }
  }
  assert.ok(checked >= 12, `only ${checked} panels with thresholds`);
});

test('drill-down links point at dashboards of the kit and carry the datasource and time range', () => {
  const uids = new Set(dashboards.map((d) => d.json.uid));
  let links = 0;
  for (const { id, json } of dashboards) {
    for (const panel of contentPanels(json)) {
      for (const link of panel.fieldConfig?.defaults?.links ?? []) {
        const [target, query] = link.url.split('?');
        assert.ok(uids.has(target.replace('/d/', '')), `${where(id, panel)} links to ${target}`);
        assert.match(query, /\$\{__url_time_range\}/, where(id, panel));
        assert.match(query, /var-datasource=\$\{datasource\}/, where(id, panel));
        links++;
      }
    }
  }
  assert.ok(links >= 10, `only ${links} drill-down links`);
});

test('the logs dashboard is reachable by a drill-down from the job dashboard', () => {
  const job = dashboards.find((d) => d.id === 'job-detail')!;
  const urls = contentPanels(job.json).flatMap((p) => (p.fieldConfig?.defaults?.links ?? []).map((l) => l.url));
  assert.ok(urls.some((u) => u.startsWith('/d/flink-o11y-logs?') && u.includes('var-job_name=${__field.labels.job_name}')), urls.join('\n'));
});

test('provisioning files give the datasources the uids the dashboards select, and the provider path', () => {
  const provisioning = PROVISIONING_DIR;
  const datasources = fs.readFileSync(path.join(provisioning, 'datasources.yaml'), 'utf8');
  const uids = [...datasources.matchAll(/^\s+uid: (\S+)$/gm)].map((m) => m[1]);
  const types = [...datasources.matchAll(/^\s+type: (\S+)$/gm)].map((m) => m[1]);
  assert.deepEqual(uids, ['prometheus', 'loki']);
  assert.deepEqual(types, ['prometheus', 'loki']);
  for (const { id, json } of dashboards) {
    for (const variable of json.templating.list.filter((v) => v.type === 'datasource')) {
      const current = (variable as unknown as { current: { value: string }; query: string });
      assert.equal(current.current.value, uids[types.indexOf(current.query)], `${id} $${variable.name} defaults to the provisioned uid`);
    }
  }
  const providers = fs.readFileSync(path.join(provisioning, 'dashboards.yaml'), 'utf8');
  assert.match(providers, /^\s+path: \/var\/lib\/grafana\/dashboards\/flink$/m);
  assert.match(providers, /^\s+type: file$/m);
});

test('the job, cluster and fleet dashboards mark job restarts and firing Flink alerts, through the datasource variable', () => {
  for (const id of ['cluster-overview', 'fleet-overview', 'job-detail']) {
    const json = dashboards.find((d) => d.id === id)!.json;
    const list = json.annotations?.list ?? [];
    assert.deepEqual(list.map((a) => a.name), ['Job restarts', 'Flink alerts firing'], id);
    for (const a of list) {
      assert.equal(a.enable, true, `${id}: ${a.name}`);
      assert.deepEqual(a.datasource, { type: 'prometheus', uid: '${datasource}' }, `${id}: ${a.name}`);
      assert.deepEqual(a.target?.datasource, a.datasource, `${id}: ${a.name}`);
      assert.equal(a.target?.expr, a.expr, `${id}: ${a.name}: the target and the legacy field agree`);
    }
    assert.match(list[0].target!.expr, /increase\(flink_jobmanager_job_numRestarts\{[^}]*\}\[\$__rate_interval\]\)\) > 0$/, id);
    assert.match(list[1].target!.expr, /^ALERTS\{.*alertstate=~"firing", alertname=~"Flink\.\*"\}$/, id);
  }
});

test('no panel reads the deprecated job uptime: running time replaces it', () => {
  for (const { id, json } of dashboards) {
    assert.doesNotMatch(JSON.stringify(json), /flink_jobmanager_job_uptime/, id);
  }
});

test('job throughput is read from source and sink operators, not summed over tasks', () => {
  const job = dashboards.find((d) => d.id === 'job-detail')!.json;
  const panel = contentPanels(job).find((p) => p.title === 'Records in and out per second')!;
  assert.deepEqual(
    panel.targets!.map((t) => t.expr),
    [
      'sum by (namespace, flink_cluster, job_name) (flink_taskmanager_job_task_operator_numRecordsOutPerSecond{namespace=~"$namespace", flink_cluster=~"$flink_cluster", job_name=~"$job_name", operator_name=~"Source:.*"})',
      'sum by (namespace, flink_cluster, job_name) (flink_taskmanager_job_task_operator_numRecordsInPerSecond{namespace=~"$namespace", flink_cluster=~"$flink_cluster", job_name=~"$job_name", operator_name=~"Sink:.*|.*:[ _]Writer"})',
    ],
  );
});

test('the fleet overview lists jobs of every namespace, cluster and job at once and links each row to its job', () => {
  const fleet = dashboards.find((d) => d.id === 'fleet-overview')!.json;
  const variables = fleet.templating.list.filter((v) => v.type === 'query') as unknown as {
    name: string;
    multi: boolean;
    includeAll: boolean;
    allValue: string;
    current: { value: string };
  }[];
  assert.deepEqual(
    variables.map((v) => [v.name, v.multi, v.includeAll, v.allValue, v.current.value]),
    [
      ['namespace', true, true, '.+', '$__all'],
      ['flink_cluster', true, true, '.+', '$__all'],
      ['job_name', true, true, '.+', '$__all'],
    ],
  );
  const table = contentPanels(fleet).find((p) => p.type === 'table')!;
  assert.ok(table.targets!.length >= 10);
  assert.deepEqual(
    table.fieldConfig!.defaults!.links!.map((l) => l.url),
    [
      '/d/flink-o11y-job-detail?${__url_time_range}&var-datasource=${datasource}&var-namespace=${__data.fields.namespace}&var-flink_cluster=${__data.fields.flink_cluster}&var-job_name=${__data.fields.job_name}',
    ],
  );
  assert.equal(fleet.time.from, 'now-24h', 'restarts are counted over the time range: a day by default');
});
