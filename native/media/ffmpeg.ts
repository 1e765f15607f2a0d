/**
 * Runs ffmpeg and ffprobe: found on PATH, started with an argument array (never a shell),
 * cancelled by an AbortSignal (the child is killed and waited for), stdout streamed to a
 * callback, and the tail of stderr kept for error messages.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { accessSync, constants, createReadStream, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { StudioError } from '../api/errors';

/** The two programs of the ffmpeg suite the studio drives. */
export type MediaTool = 'ffmpeg' | 'ffprobe';

const INSTALL_HINT =
  'Atelier reads and converts audio with ffmpeg and ffprobe. Install them with ' +
  '`sudo apt-get install ffmpeg` (Debian, Ubuntu), `sudo dnf install ffmpeg` (Fedora), ' +
  '`brew install ffmpeg` (macOS) or `winget install Gyan.FFmpeg` (Windows) so that both are ' +
  'on PATH, then try again.';

const found = new Map<string, string>();

const require_ = createRequire(import.meta.url);

/** The npm packages that carry a static build of each program for this platform. */
const BUNDLED: Record<MediaTool, string> = {
  ffmpeg: '@ffmpeg-installer/ffmpeg',
  ffprobe: '@ffprobe-installer/ffprobe',
};

/**
 * The static build installed from npm with the studio, when there is one for this platform and
 * it can run; `ATELIER_NO_BUNDLED_FFMPEG=1` turns it off (to try the studio without ffmpeg).
 */
export function bundledTool(tool: MediaTool, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.ATELIER_NO_BUNDLED_FFMPEG === '1') return null;
  try {
    const { path } = require_(BUNDLED[tool]) as { path?: unknown };
    return typeof path === 'string' && isExecutableFile(path) ? path : null;
  } catch {
    return null; // no build for this platform (the package's optional dependency is missing)
  }
}

/**
 * The absolute path of `ffmpeg` or `ffprobe` on the search path (default: PATH), else the static
 * build installed from npm with the studio (older, but with the same codecs). Only absolute PATH
 * entries are searched, so a relative entry such as `.` never runs a program from the working
 * folder. Hits are cached per search path; misses are not, so installing ffmpeg while the studio
 * runs is picked up on the next call.
 *
 * @throws StudioError('unavailable') naming the program and how to install it.
 * @example
 * const ffprobe = findTool('ffprobe'); // '/usr/bin/ffprobe'
 */
export function findTool(tool: MediaTool, searchPath: string = process.env.PATH ?? ''): string {
  const key = `${tool}\0${searchPath}`;
  const cached = found.get(key);
  if (cached !== undefined) return cached;
  const names = process.platform === 'win32' ? [`${tool}.exe`, tool] : [tool];
  for (const dir of searchPath.split(delimiter)) {
    if (!isAbsolute(dir)) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate)) {
        found.set(key, candidate);
        return candidate;
      }
    }
  }
  const bundled = bundledTool(tool);
  if (bundled !== null) return bundled;
  throw new StudioError('unavailable', `${tool} is not installed: ${INSTALL_HINT}`);
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The argument that names a local file to ffmpeg or ffprobe, input or output: absolute, behind
 * the `file:` protocol. A name that starts with `-` is then never read as an option, and `|`,
 * `:` or `%` in a name are never read as another protocol or a pattern. Spaces and newlines
 * need nothing: arguments never pass through a shell.
 *
 * @example
 * runTool('ffprobe', { args: ['-i', fileArg('-rf song.wav')] }) // '-i', 'file:/home/me/-rf song.wav'
 */
export function fileArg(path: string): string {
  return `file:${resolve(path)}`;
}

/**
 * What `runTool` sends to the program's standard input: bytes, a file, or chunks made as the
 * program reads them (raw video frames, say), pulled one at a time with backpressure.
 */
export type ToolStdin =
  { bytes: Uint8Array } | { path: string } | { chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array> };

export interface RunToolOptions {
  /** The program's arguments, passed as they are (no shell). Name files with `fileArg`. */
  args: readonly string[];
  /** Standard input (read it with `-i pipe:0`); without it stdin is closed. */
  stdin?: ToolStdin;
  /**
   * Receives standard output as it comes. Returning a promise pauses the stream until it
   * settles (backpressure); throwing or rejecting kills the program and rejects the run.
   * Without it, stdout is collected into `ToolRun.stdout` (up to `maxStdoutBytes`).
   */
  onStdout?: (chunk: Uint8Array) => void | Promise<void>;
  /** Cap on collected stdout; more kills the program. Default 16 MiB. */
  maxStdoutBytes?: number;
  /**
   * ffmpeg only: adds `-progress pipe:2` and reports the output time reached, in seconds, each
   * time ffmpeg writes a progress block (about twice a second), `done` on the last one.
   */
  onProgress?: (outSeconds: number, done: boolean) => void;
  /** Aborting kills the program; the run then rejects with StudioError('cancelled'). */
  signal?: AbortSignal;
  /** How much of the end of stderr to keep, in characters. Default 8192. */
  stderrTail?: number;
  /** What the run works on, for messages (e.g. the file name). */
  label?: string;
}

/** How a program run ended. A non-zero exit is not an error here: the caller words it. */
export interface ToolRun {
  exitCode: number | null;
  /** The signal that ended the program, if one did. */
  exitSignal: NodeJS.Signals | null;
  /** Collected stdout; empty when `onStdout` was given. */
  stdout: Uint8Array;
  /** The last `stderrTail` characters of stderr, progress lines left out. */
  stderr: string;
}

const running = new Set<number>();

/** Process ids of the ffmpeg and ffprobe children running now (for shutdown and tests). */
export function runningToolPids(): number[] {
  return [...running];
}

/**
 * Runs ffmpeg or ffprobe to the end. ffmpeg always gets `-hide_banner -nostdin -nostats`
 * first; ffprobe gets `-hide_banner`. Settles only once the child has exited, so a rejected
 * run never leaves a process behind.
 *
 * @throws StudioError('unavailable') when the program is missing, 'cancelled' when aborted.
 * @example
 * const run = await runTool('ffprobe', {
 *   args: ['-v', 'error', '-print_format', 'json', '-show_format', '-i', fileArg(path)],
 * });
 * if (run.exitCode !== 0) throw new Error(lastLine(run.stderr));
 */
export function runTool(tool: MediaTool, options: RunToolOptions): Promise<ToolRun> {
  const label = options.label ?? tool;
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(cancelled(label));
  let program: string;
  try {
    program = findTool(tool);
  } catch (error) {
    return Promise.reject(error);
  }
  const prefix =
    tool === 'ffmpeg'
      ? ['-hide_banner', '-nostdin', '-nostats', ...(options.onProgress ? ['-progress', 'pipe:2'] : [])]
      : ['-hide_banner'];
  const child = spawn(program, [...prefix, ...options.args], {
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    windowsHide: true,
    shell: false,
  });
  if (child.pid !== undefined) running.add(child.pid);
  const pid = child.pid;

  return new Promise<ToolRun>((resolvePromise, rejectPromise) => {
    let failure: unknown = null;
    let wasCancelled = false;
    let pending: Promise<void> | null = null;
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    // A paused stdout (a consumer's promise still pending) would keep 'close' from firing.
    const fail = (error: unknown) => {
      failure ??= error;
      kill();
      child.stdout?.resume();
    };
    const onAbort = () => {
      wasCancelled = true;
      kill();
      child.stdout?.resume();
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    // stdin
    let source: Readable | null = null;
    if (options.stdin && child.stdin) {
      const stdin = child.stdin;
      stdin.on('error', (error: NodeJS.ErrnoException) => {
        // The program may stop reading early (it had enough, or it failed): not our error.
        if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET' && error.code !== 'EOF') fail(error);
      });
      if ('bytes' in options.stdin) {
        stdin.end(options.stdin.bytes);
      } else if ('chunks' in options.stdin) {
        // One chunk waits while the program reads the one before: a frame is made while the
        // previous one is encoded, and never more than two are held.
        source = Readable.from(options.stdin.chunks, { objectMode: true, highWaterMark: 1 });
        source.on('error', fail);
        source.pipe(stdin);
      } else {
        const stream = createReadStream(options.stdin.path);
        stream.on('error', (error: NodeJS.ErrnoException) =>
          fail(
            new StudioError('not_found', `${label}: cannot read the file (${error.code ?? error.message})`),
          ),
        );
        stream.pipe(stdin);
      }
    }

    // stdout
    const collected: Uint8Array[] = [];
    let collectedBytes = 0;
    const maxStdout = options.maxStdoutBytes ?? 16 * 1024 * 1024;
    const onStdout = options.onStdout;
    const stdout = child.stdout!;
    stdout.on('data', (chunk: Buffer) => {
      if (failure !== null || wasCancelled) return;
      if (!onStdout) {
        collectedBytes += chunk.byteLength;
        if (collectedBytes > maxStdout) {
          fail(new StudioError('too_large', `${label}: ${tool} wrote more than ${maxStdout} bytes`));
        } else collected.push(chunk);
        return;
      }
      let result: void | Promise<void>;
      try {
        result = onStdout(chunk);
      } catch (error) {
        fail(error);
        return;
      }
      if (result instanceof Promise) {
        stdout.pause();
        pending = result.then(
          () => {
            pending = null;
            stdout.resume();
          },
          (error: unknown) => {
            pending = null;
            fail(error);
          },
        );
      }
    });

    // stderr: progress lines to onProgress, the rest to a bounded tail
    const tailLimit = options.stderrTail ?? 8192;
    let tail = '';
    let partial = '';
    let outSeconds = 0;
    const decoder = new StringDecoder('utf8');
    const onProgress = tool === 'ffmpeg' ? options.onProgress : undefined;
    const takeLine = (line: string) => {
      if (onProgress) {
        const match = /^([a-z_]+)=\s*(.*)$/.exec(line);
        if (match) {
          const [, key, value] = match;
          if (key === 'out_time_us') {
            const us = Number(value);
            if (Number.isFinite(us) && us >= 0) outSeconds = us / 1e6;
          } else if (key === 'progress') {
            try {
              onProgress(outSeconds, value === 'end');
            } catch (error) {
              fail(error);
            }
          }
          return;
        }
      }
      tail += line + '\n';
      if (tail.length > tailLimit * 2) tail = tail.slice(-tailLimit);
    };
    child.stderr!.on('data', (chunk: Buffer) => {
      const lines = (partial + decoder.write(chunk)).split(/\r?\n|\r/);
      partial = lines.pop() ?? '';
      for (const line of lines) takeLine(line);
    });

    child.on('error', (error: NodeJS.ErrnoException) => {
      fail(
        error.code === 'ENOENT' || error.code === 'EACCES'
          ? new StudioError('unavailable', `${tool} could not be started (${error.code}): ${INSTALL_HINT}`)
          : error,
      );
    });

    child.on('close', (exitCode, exitSignal) => {
      if (pid !== undefined) running.delete(pid);
      // A producer the program stopped reading from (it failed or was killed) is closed too.
      source?.destroy();
      signal?.removeEventListener('abort', onAbort);
      const rest = partial + decoder.end();
      if (rest) takeLine(rest);
      const finish = () => {
        if (wasCancelled) rejectPromise(cancelled(label));
        else if (failure !== null) rejectPromise(failure);
        else {
          resolvePromise({
            exitCode,
            exitSignal,
            stdout: collected.length === 1 ? collected[0]! : Buffer.concat(collected),
            stderr: tail.slice(-tailLimit),
          });
        }
      };
      // A cancelled run may have a consumer that never settles; anything else finishes its
      // last chunk before the run counts as done.
      const last: Promise<void> | null = pending;
      if (last && !wasCancelled && failure === null) void last.finally(finish);
      else finish();
    });
  });
}

function cancelled(label: string): StudioError {
  return new StudioError('cancelled', `${label}: cancelled`);
}

/**
 * The most telling part of an ffmpeg or ffprobe stderr tail: its last two distinct non-empty
 * lines, without `[demuxer @ 0x…]` prefixes and without the input's own name (`inputArg`, as
 * passed after `-i`), which the caller states in its own words.
 *
 * @example
 * toolReason('[mov @ 0x55] moov atom not found\nfile:/a/b.m4a: Invalid data found when processing input\n', 'file:/a/b.m4a')
 * // 'moov atom not found; Invalid data found when processing input'
 */
export function toolReason(stderr: string, inputArg?: string): string {
  const text = inputArg ? stderr.split(`${inputArg}: `).join('') : stderr;
  const lines = text
    .split('\n')
    .map((l) => l.replace(/^\[[^\]]* @ 0x[0-9a-f]+\]\s*/i, '').trim())
    .filter((l) => l.length > 0);
  const last = [...new Set(lines.slice(-4))].slice(-2);
  return last.length > 0 ? last.join('; ') : 'no message';
}
