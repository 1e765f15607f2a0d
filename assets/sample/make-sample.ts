// Makes the sample campaign (campaign.json beside this script) as a project file, for use
// outside the studio, whose welcome screen makes the same one:
//
//   node --import tsx assets/sample/make-sample.ts "Northwind sample.atelier"
import { resolve } from 'node:path';
import { createSampleProject } from '../../native/project/sample';

const [out, ...rest] = process.argv.slice(2);
if (!out || rest.length > 0 || out.startsWith('-') || !out.endsWith('.atelier')) {
  console.error('usage: node --import tsx assets/sample/make-sample.ts <out.atelier>');
  process.exit(2);
}
const started = performance.now();
const path = await createSampleProject(resolve(out));
console.log(`wrote ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
