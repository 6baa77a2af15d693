import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LOKI_INTERVAL } from '../src/dashboards/logs';
import { CATALOG_DIR } from '../src/paths';
import { allTargets, generatedDashboards, where } from './generated-dashboards';
import { lezerParser } from './lezer';

const parser = lezerParser('@grafana/lezer-logql');

const dashboards = generatedDashboards();
const lokiTargets = allTargets(dashboards).filter((t) => t.datasourceType === 'loki');
const lokiLabels = JSON.parse(fs.readFileSync(path.join(CATALOG_DIR, 'loki-labels.json'), 'utf8')) as {
  streamLabels: string[];
  structuredMetadata: string[];
};

/** Grafana replaces $__auto with the step before Loki sees the query. */
function parse(expr: string) {
  const text = expr.split(LOKI_INTERVAL).join('1m');
  const errors: string[] = [];
  const streamLabels: string[] = [];
  const filteredFields: string[] = [];
  parser.parse(text).iterate({
    enter: (ref) => {
      if (ref.type.isError) {
        errors.push(`syntax error at ${ref.from}: ...${text.slice(Math.max(0, ref.from - 20), ref.from + 20)}...`);
      }
      if (ref.name === 'Matcher') {
        const identifier = ref.node.getChild('Identifier')!;
        const label = text.slice(identifier.from, identifier.to);
        (ref.node.parent?.name === 'LabelFilter' ? filteredFields : streamLabels).push(label);
      }
    },
  });
  return { errors, streamLabels, filteredFields };
}

test('the logs dashboard has LogQL targets', () => {
  assert.ok(lokiTargets.length >= 5, `${lokiTargets.length} LogQL targets`);
});

test('every LogQL target parses with the Loki lezer grammar without error nodes', () => {
  for (const { dashboard, panel, target } of lokiTargets) {
    assert.deepEqual(parse(target.expr).errors, [], `${where(dashboard, panel, target.refId)}: ${target.expr}`);
  }
  assert.notDeepEqual(parse('{namespace=~"x"} | level=').errors, [], 'the parser reports broken LogQL');
});

test('stream selectors use the appender\'s stream labels; filters its structured metadata', () => {
  for (const { dashboard, panel, target } of lokiTargets) {
    const { streamLabels, filteredFields } = parse(target.expr);
    assert.ok(streamLabels.includes('namespace') && streamLabels.includes('flink_cluster'), where(dashboard, panel, target.refId));
    for (const label of streamLabels) {
      assert.ok(lokiLabels.streamLabels.includes(label), `${where(dashboard, panel, target.refId)}: ${label} is not a stream label`);
    }
    for (const field of filteredFields) {
      assert.ok(lokiLabels.structuredMetadata.includes(field), `${where(dashboard, panel, target.refId)}: ${field} is not a field of the appender`);
    }
  }
});

test('the Loki component variable lists a stream label of the chosen cluster', () => {
  const logs = dashboards.find((d) => d.id === 'logs')!;
  const component = logs.json.templating.list.find((v) => v.name === 'component')!;
  assert.equal(component.datasource?.uid, '${loki_datasource}');
  const query = component.query as { label: string; stream: string };
  assert.equal(query.label, 'component');
  assert.deepEqual(parse(query.stream).errors, []);
  assert.deepEqual(parse(query.stream).streamLabels, ['namespace', 'flink_cluster']);
});
