import type { Tree } from '@lezer/common';

/** The part of a lezer LRParser the tests use. */
export interface LezerParser {
  parse(input: string): Tree;
}

/**
 * A lezer grammar package's parser. The grammars ship ESM types next to a CommonJS build, which
 * TypeScript will not import into these CommonJS tests; Node's require loads the CommonJS build.
 */
export function lezerParser(grammarPackage: '@prometheus-io/lezer-promql' | '@grafana/lezer-logql'): LezerParser {
  return (require(grammarPackage) as { parser: LezerParser }).parser;
}
