import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { nodeJobProcessFactory } from '../jobs/process';
import { newToken, isLoopback } from '../host/auth';
import { startHost } from '../host/server';
import { createEngine } from '../studio/engine';
import { defaultUserDataDir } from '../studio/paths';
import { UsageError } from './usage-error';

export const serveUsage = `atelier serve [--port N] [--host H] [--root DIR] [--no-open] [--no-token]

  Runs the studio in a browser (web mode).
  --port N     port to listen on (default 5174; 0 picks a free one)
  --host H     address to bind (default 127.0.0.1); any non-loopback address is reachable
               from the network and prints a warning
  --root DIR   the folder the in-app file browser is confined to (default: your home)
  --no-open    do not open a browser
  --no-token   do not require the random token (only for trusted, single-user machines)`;

function parsePort(text: string | undefined): number {
  if (text === undefined) return 5174;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, not "${text}"`);
  }
  return Number(text);
}

export async function serveCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      root: { type: 'string' },
      'no-open': { type: 'boolean', default: false },
      'no-token': { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const port = parsePort(values.port);
  const host = values.host ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw new UsageError(`--host "${host}" is not an address`);
  if (values.root !== undefined && !existsSync(values.root)) {
    throw new UsageError(`--root ${values.root} does not exist`);
  }
  const staticDir = fileURLToPath(new URL('./renderer/', import.meta.url));
  const workerEntry = fileURLToPath(new URL('./worker.js', import.meta.url));
  const engine = createEngine({
    mode: 'web',
    userDataDir: defaultUserDataDir(),
    fileRoot: values.root,
    spawnJobProcess: nodeJobProcessFactory({ entry: workerEntry }),
  });
  const token = values['no-token'] ? null : newToken();
  const server = await startHost({
    dispatcher: engine.dispatcher,
    events: engine.events,
    staticDir,
    host,
    port,
    token,
  }).catch((error: NodeJS.ErrnoException) => {
    engine.close();
    if (error.code === 'EADDRINUSE')
      throw new UsageError(`port ${port} is in use: choose another with --port`);
    if (error.code === 'EADDRNOTAVAIL')
      throw new UsageError(`--host ${host} is not an address of this machine`);
    throw error;
  });
  if (!isLoopback(host)) {
    process.stderr.write(
      `warning: listening on ${host}: anyone who can reach this machine ${token ? 'and has the token ' : ''}can use the studio and your files.\n`,
    );
  }
  if (token === null)
    process.stderr.write('warning: --no-token: any program on this machine can use the studio.\n');
  process.stdout.write(`Atelier is running at ${server.url}\n`);
  if (!values['no-open']) openBrowser(server.url);

  const stop = () => {
    engine.close();
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function openBrowser(url: string): void {
  const hasDisplay =
    process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!hasDisplay) return;
  const opener =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(opener, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No browser opener: the URL is printed above.
  }
}
