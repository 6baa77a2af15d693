import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../paths';

/**
 * Writes generated files, or with CI=true checks them: CI must not rewrite committed output but
 * fail when it differs from what the code generates. Files the build does not generate are left alone.
 */
export function writeOrCheck(files: Map<string, string>, ci: boolean = process.env.CI === 'true'): string[] {
  const stale: string[] = [];
  for (const [file, content] of files) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (current === content) {
      continue;
    }
    if (ci) {
      stale.push(path.relative(REPO_ROOT, file));
    } else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
  }
  return stale;
}
