import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface RunningStudio {
  url: string;
  origin: string;
  process: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts the built `atelier serve` as a user would, and reads the URL it prints. */
export async function startStudio(options: {
  root: string;
  userData: string;
  extraArgs?: string[];
}): Promise<RunningStudio> {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const child = spawn(
    process.execPath,
    [cli, 'serve', '--port', '0', '--no-open', '--root', options.root, ...(options.extraArgs ?? [])],
    {
      env: { ...process.env, ATELIER_HOME: options.userData, HOME: options.root },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`atelier serve printed no URL:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`atelier serve exited with ${code}:\n${output}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    process: child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
