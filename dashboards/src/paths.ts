import * as path from 'node:path';

/** The dashboards package (compiled code runs from dist/src). */
export const PACKAGE_DIR = path.resolve(__dirname, '..', '..');
/** The repository root: catalog/ and docs/ live there. */
export const REPO_ROOT = path.resolve(PACKAGE_DIR, '..');
export const CATALOG_DIR = path.join(REPO_ROOT, 'catalog');
export const GENERATED_DIR = path.join(PACKAGE_DIR, 'generated');
export const PROVISIONING_DIR = path.join(PACKAGE_DIR, 'provisioning');
export const DOCS_FILE = path.join(REPO_ROOT, 'docs', 'dashboards.md');
