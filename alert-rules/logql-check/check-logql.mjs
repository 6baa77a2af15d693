// Parses each LogQL expression of a JSON array on stdin with Grafana's LogQL grammar and prints, as
// JSON, whether it parsed without error nodes, where the first error is, and whether it is a metric
// query (what a Loki ruler alert needs). Used by alert-rules' LogqlSyntaxTest.
import { parser } from '@grafana/lezer-logql';

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const expressions = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const results = expressions.map((expr) => {
  const tree = parser.parse(expr);
  let errorAt = -1;
  tree.iterate({
    enter(node) {
      if (node.type.isError && errorAt < 0) {
        errorAt = node.from;
      }
    },
  });
  const top = tree.topNode.firstChild?.firstChild;
  return { expr, ok: errorAt < 0, errorAt, metric: top?.name === 'MetricExpr', tree: tree.toString() };
});
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
