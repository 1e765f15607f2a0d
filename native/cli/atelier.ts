// Entry of the `atelier` command (bundled to dist/cli.js).
import { main } from './main';

const code = await main(process.argv.slice(2));
if (code !== 0) process.exitCode = code;
