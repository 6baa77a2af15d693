import * as fs from 'node:fs';
import * as path from 'node:path';
import { GENERATED_DIR } from '../src/paths';

/** A panel of a generated dashboard file, as the tests read it (plain JSON, not SDK types). */
export interface PanelJson {
  id: number;
  type: string;
  title?: string;
  description?: string;
  datasource?: { type: string; uid: string };
  fieldConfig?: {
    defaults?: {
      unit?: string;
      thresholds?: { steps: { value: number | null; color: string }[] };
      links?: { title: string; url: string }[];
    };
  };
  targets?: { expr: string; refId: string; datasource?: { type: string; uid: string } }[];
}

export interface VariableJson {
  name: string;
  type: string;
  query: string | { query?: string; stream?: string; label?: string };
  datasource?: { type: string; uid: string };
  hide?: number;
}

export interface AnnotationJson {
  name: string;
  enable: boolean;
  iconColor: string;
  datasource?: { type: string; uid: string };
  expr?: string;
  target?: { expr: string; refId: string; datasource?: { type: string; uid: string } };
  titleFormat?: string;
  tagKeys?: string;
}

export interface DashboardJson {
  uid: string;
  time: { from: string; to: string };
  annotations?: { list?: AnnotationJson[] };
  title: string;
  description: string;
  tags: string[];
  templating: { list: VariableJson[] };
  panels: PanelJson[];
  links: { type: string; tags: string[]; includeVars: boolean; keepTime: boolean }[];
}

export interface DashboardFile {
  file: string;
  id: string;
  json: DashboardJson;
}

/** The committed dashboard files: what Grafana loads, so what the convention tests check. */
export function generatedDashboards(): DashboardFile[] {
  return fs
    .readdirSync(GENERATED_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      id: file.replace(/\.json$/, ''),
      json: JSON.parse(fs.readFileSync(path.join(GENERATED_DIR, file), 'utf8')) as DashboardJson,
    }));
}

export function contentPanels(dashboard: DashboardJson): PanelJson[] {
  return dashboard.panels.filter((p) => p.type !== 'row');
}

/** A dashboard's annotations as panels of one query each, so query checks cover them like panels. */
export function annotationPanels(dashboard: DashboardJson): PanelJson[] {
  return (dashboard.annotations?.list ?? []).map((a) => ({
    id: 0,
    type: 'annotation',
    title: `annotation ${a.name}`,
    datasource: a.datasource,
    targets: a.target ? [a.target] : [],
  }));
}

/** Every query of every panel and annotation with the panel it belongs to. */
export function allTargets(dashboards: DashboardFile[]) {
  return dashboards.flatMap((d) =>
    [...contentPanels(d.json), ...annotationPanels(d.json)].flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({ dashboard: d.id, panel, target, datasourceType: (target.datasource ?? panel.datasource)!.type })),
    ),
  );
}

/** A readable name for assertion messages. */
export function where(dashboard: string, panel: PanelJson, refId = ''): string {
  return `${dashboard} / "${panel.title}"${refId ? ` / ${refId}` : ''}`;
}
