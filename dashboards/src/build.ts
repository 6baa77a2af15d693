import * as path from 'node:path';
import { Catalog } from './catalog/catalog';
import { allDashboards } from './dashboards';
import { buildDashboard, kitFrom } from './grafana/dashboard-spec';
import { dashboardsDoc } from './output/docs';
import { dashboardsYaml, datasourcesYaml } from './output/provisioning';
import { DOCS_FILE, GENERATED_DIR, PROVISIONING_DIR } from './paths';

/** Every file the build generates, by absolute path. */
export function generatedFiles(catalog: Catalog = Catalog.load()): Map<string, string> {
  const specs = allDashboards(kitFrom(catalog));
  const built = specs.map(buildDashboard);
  const files = new Map<string, string>();
  specs.forEach((spec, i) => files.set(path.join(GENERATED_DIR, `${spec.identity.id}.json`), JSON.stringify(built[i], null, 2) + '\n'));
  files.set(path.join(PROVISIONING_DIR, 'datasources.yaml'), datasourcesYaml());
  files.set(path.join(PROVISIONING_DIR, 'dashboards.yaml'), dashboardsYaml());
  files.set(DOCS_FILE, dashboardsDoc(catalog, specs, built));
  return files;
}
