import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { SyntaxNode } from '@lezer/common';
import { lezerParser } from './lezer';
import { Catalog } from '../src/catalog/catalog';
import { PROMETHEUS_BUILTIN_SERIES, RATE_INTERVAL } from '../src/grafana/promql';
import { TIME_RANGE } from '../src/dashboards/fleet-overview';
import { allTargets, generatedDashboards, where } from './generated-dashboards';

const parser = lezerParser('@prometheus-io/lezer-promql');
const catalog = Catalog.load();
const dashboards = generatedDashboards();
const promTargets = allTargets(dashboards).filter((t) => t.datasourceType === 'prometheus');

/** Grafana replaces $__rate_interval before Prometheus sees the query; a marker duration stands in. */
const RATE_MARKER = '7777s';
/** ... and $__range (the dashboard's time range, for counts over it in tables). */
const RANGE_MARKER = '8888s';

interface ParsedQuery {
  text: string;
  errors: string[];
  selectors: { name: string; matchers: Map<string, string>; node: SyntaxNode }[];
  ranges: string[];
}

function parse(expr: string): ParsedQuery {
  const text = expr.split(RATE_INTERVAL).join(RATE_MARKER).split(TIME_RANGE).join(RANGE_MARKER);
  const tree = parser.parse(text);
  const parsed: ParsedQuery = { text, errors: [], selectors: [], ranges: [] };
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError) {
        parsed.errors.push(`syntax error at ${ref.from}: ...${text.slice(Math.max(0, ref.from - 20), ref.from + 20)}...`);
      }
      if (ref.name === 'VectorSelector') {
        const node = ref.node;
        const name = node.getChild('Identifier');
        const matchers = new Map<string, string>();
        for (const m of node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) {
          const label = text.slice(m.getChild('LabelName')!.from, m.getChild('LabelName')!.to);
          const value = text.slice(m.getChild('StringLiteral')!.from + 1, m.getChild('StringLiteral')!.to - 1);
          matchers.set(label, value);
        }
        parsed.selectors.push({ name: name ? text.slice(name.from, name.to) : '', matchers, node });
      }
      if (ref.name === 'MatrixSelector') {
        const duration = ref.node.getChild('DurationExpr');
        parsed.ranges.push(duration ? text.slice(duration.from, duration.to) : '');
      }
    },
  });
  return parsed;
}

const recorded = new Set(catalog.recordingRules.map((r) => r.record));
const alertWindows = new Set(catalog.thresholds.filter((t) => t.unit === 'duration').map((t) => String(t.value)));

test('there are PromQL targets to check', () => {
  assert.ok(promTargets.length > 50, `only ${promTargets.length} PromQL targets found`);
});

test('every PromQL target parses with the Prometheus lezer grammar without error nodes', () => {
  for (const { dashboard, panel, target } of promTargets) {
    assert.deepEqual(parse(target.expr).errors, [], `${where(dashboard, panel, target.refId)}: ${target.expr}`);
  }
});

test('every series a query names is a catalog metric, a catalog recording rule or a Prometheus built-in', () => {
  for (const { dashboard, panel, target } of promTargets) {
    for (const { name } of parse(target.expr).selectors) {
      const known = catalog.metricByName(name) !== undefined || recorded.has(name) || PROMETHEUS_BUILTIN_SERIES.includes(name);
      assert.ok(known, `${where(dashboard, panel, target.refId)} names ${name}, which is not in catalog/`);
    }
  }
});

test('every selector is scoped to the chosen namespace and cluster (to the namespace where the series names no cluster)', () => {
  let namespaceOnly = 0;
  for (const { dashboard, panel, target } of promTargets) {
    for (const { name, matchers } of parse(target.expr).selectors) {
      assert.equal(matchers.get('namespace'), '$namespace', `${where(dashboard, panel, target.refId)}: ${name}`);
      const metric = catalog.metricByName(name);
      if (metric?.scope === 'operatorNamespace') {
        // The operator's per-namespace counts name no Flink cluster (see catalog/flink-metrics.json).
        assert.equal(matchers.get('flink_cluster'), undefined, `${where(dashboard, panel, target.refId)}: ${name}`);
        namespaceOnly += 1;
        continue;
      }
      assert.equal(matchers.get('flink_cluster'), '$flink_cluster', `${where(dashboard, panel, target.refId)}: ${name}`);
    }
  }
  assert.equal(namespaceOnly, 6, 'the six operator counts of "FlinkDeployments in trouble"');
});

test('label matchers on catalog metrics use labels the metric carries', () => {
  for (const { dashboard, panel, target } of promTargets) {
    for (const { name, matchers } of parse(target.expr).selectors) {
      const metric = catalog.metricByName(name);
      if (!metric) {
        continue;
      }
      const labels = catalog.labelsOf(metric.id);
      for (const label of matchers.keys()) {
        assert.ok(labels.includes(label), `${where(dashboard, panel, target.refId)}: ${name} has no label ${label}`);
      }
    }
  }
});

test('range selectors use $__rate_interval, the window of the alert the panel mirrors, or $__range in instant tables', () => {
  let rateStyle = 0;
  for (const { dashboard, panel, target } of promTargets) {
    for (const range of parse(target.expr).ranges) {
      rateStyle += range === RATE_MARKER ? 1 : 0;
      const timeRange = range === RANGE_MARKER && panel.type === 'table';
      assert.ok(
        range === RATE_MARKER || alertWindows.has(range) || timeRange,
        `${where(dashboard, panel, target.refId)} uses [${range}]: use ${RATE_INTERVAL} or a duration from thresholds.json (${TIME_RANGE} only in tables)`,
      );
    }
  }
  assert.ok(rateStyle >= 10, `only ${rateStyle} queries use ${RATE_INTERVAL}`);
});

test('the rate-interval check catches a fixed window and an unknown metric', () => {
  const bad = parse('rate(flink_made_up_metric{namespace=~"$namespace", flink_cluster=~"$flink_cluster"}[5m])');
  assert.deepEqual(bad.ranges, ['5m']);
  assert.ok(!alertWindows.has('5m') || bad.ranges[0] !== RATE_MARKER);
  assert.equal(catalog.metricByName(bad.selectors[0].name), undefined);
  assert.notDeepEqual(parse('sum by (a (up)').errors, []);
});

test('every recording rule of the catalog is shown by some panel, so panels and alerts read the same series', () => {
  const used = new Set(promTargets.flatMap(({ target }) => parse(target.expr).selectors.map((s) => s.name)));
  assert.ok(catalog.recordingRules.length >= 20);
  for (const record of catalog.recordingRules.map((r) => r.record)) {
    assert.ok(used.has(record), `no panel queries recording rule ${record}`);
  }
});

test('template variable queries parse and are chained: each filters by the variables before it', () => {
  const chain = ['namespace', 'flink_cluster', 'job_name', 'job_id', 'task_name'];
  for (const { id, json } of dashboards) {
    const promVariables = json.templating.list.filter((v) => v.type === 'query' && v.datasource?.type === 'prometheus');
    assert.ok(promVariables.length >= 2, `${id} has namespace and cluster variables`);
    for (const variable of promVariables) {
      const query = typeof variable.query === 'string' ? variable.query : variable.query.query!;
      const match = /^label_values\((.*), (\w+)\)$/.exec(query);
      assert.ok(match, `${id} $${variable.name}: ${query}`);
      assert.equal(match[2], variable.name, `${id} $${variable.name} lists the label of its own name`);
      const parsed = parse(match[1]);
      assert.deepEqual(parsed.errors, [], `${id} $${variable.name}: ${query}`);
      const filters = [...parsed.selectors[0].matchers.keys()].filter((l) => l !== 'job');
      const before = variable.name === 'tm_id' ? ['namespace', 'flink_cluster'] : chain.slice(0, chain.indexOf(variable.name));
      const expected = variable.name === 'job_id' || variable.name === 'task_name' ? chain.slice(0, 3) : before;
      assert.deepEqual(filters, expected, `${id} $${variable.name} is chained on ${expected.join(', ')}`);
    }
  }
});
