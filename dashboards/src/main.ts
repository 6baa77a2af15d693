import { generatedFiles } from './build';
import { writeOrCheck } from './output/generated-files';

const stale = writeOrCheck(generatedFiles());
if (stale.length > 0) {
  console.error(`CI=true and these generated files differ from what the code generates:\n  ${stale.join('\n  ')}\n`
    + 'Run the build without CI (mvn -B verify -pl dashboards, or npm run build in dashboards/) and commit them.');
  process.exit(1);
}
