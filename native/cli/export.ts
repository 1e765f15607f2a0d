import { existsSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_LOUDNESS_LUFS, type ExportVideoTarget, type VideoFormat } from '../api/jobs';
import { isPlacementId, PLACEMENT_IDS, type PlacementId } from '../model/placements';
import { inspectProjectFile } from '../project/project-file';
import { Sqlite } from '../project/sqlite';
import { exportAssets } from '../video/export-assets';
import { exportVideo, type ExportProgress } from '../video/export-video';
import { UsageError } from './usage-error';

export const exportUsage = `atelier export <project.atelier> [--placement 16:9|9:16|1:1|4:5 | --all] [--format mp4|webm|stills] [--loudness -14|off] --out <file-or-dir>
  Exports the project's storyboard, drawn as the studio draws it, with its audio mixed at 48 kHz
  and normalised to the loudness given (LUFS, default ${DEFAULT_LOUDNESS_LUFS}; off keeps the mix's level).
  mp4 is H.264 + AAC, webm VP9 + Opus; stills writes one PNG per shot into the --out folder.
  One placement (default 16:9) goes to the --out file (or into --out when it is a folder);
  --all writes every placement into the --out folder, named after the project and placement.
  Nothing appears until the export is done; Ctrl-C stops it and leaves nothing behind.`;

const FORMATS: readonly VideoFormat[] = ['mp4', 'webm', 'stills'];
const VALUE_OPTIONS = new Set(['--placement', '--format', '--loudness', '--out']);

/**
 * `--out -ad.mp4` and `--loudness -14` name values that start with a dash, which parseArgs reads
 * as options: join each value option with the word after it (unless that is another `--` option).
 */
function joinValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (VALUE_OPTIONS.has(arg) && next !== undefined && !next.startsWith('--')) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** A file name made of the project's name. */
function fileStem(name: string): string {
  return (
    name
      .replace(/[/\\:*?"<>|\p{Cc}]+/gu, '-')
      .replace(/^[.\s-]+/, '')
      .trim()
      .slice(0, 80) || 'storyboard'
  );
}

/** `16:9` → `16x9` (colons are not allowed in Windows file names). */
const placementTag = (id: PlacementId) => id.replace(':', 'x');

function isFolder(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** Progress on stderr: one updating line on a terminal, a line every 10 % otherwise. */
function progressPrinter(): { update(p: ExportProgress): void; end(): void } {
  const tty = process.stderr.isTTY === true;
  let lastTenth = -1;
  let shown = false;
  return {
    update(p) {
      const pct = `${Math.floor(p.fraction * 100)}%`.padStart(4);
      if (tty) {
        process.stderr.write(`\r${pct}  ${p.stage}`.padEnd(78).slice(0, 120));
        shown = true;
        return;
      }
      const tenth = Math.floor(p.fraction * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        process.stderr.write(`${pct}  ${p.stage}\n`);
      }
    },
    end() {
      if (shown) process.stderr.write('\n');
    },
  };
}

export async function exportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: joinValues(argv),
    options: {
      placement: { type: 'string' },
      all: { type: 'boolean', default: false },
      format: { type: 'string' },
      loudness: { type: 'string' },
      out: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('export takes one .atelier file');
  if (values.all && values.placement !== undefined)
    throw new UsageError('give either --placement or --all, not both');
  if (values.placement !== undefined && !isPlacementId(values.placement)) {
    throw new UsageError(`--placement must be one of ${PLACEMENT_IDS.join(', ')}, not "${values.placement}"`);
  }
  if (!values.out) throw new UsageError('--out <file-or-dir> is required');
  const out = resolve(values.out);
  const ext = extname(out).toLowerCase();
  let format: VideoFormat;
  if (values.format === undefined) format = ext === '.webm' ? 'webm' : 'mp4';
  else if ((FORMATS as readonly string[]).includes(values.format)) format = values.format as VideoFormat;
  else throw new UsageError(`--format must be mp4, webm or stills, not "${values.format}"`);
  let loudness: number | null = DEFAULT_LOUDNESS_LUFS;
  if (values.loudness === 'off') loudness = null;
  else if (values.loudness !== undefined) {
    const n = Number(values.loudness);
    if (!/^[-+]?\d+(\.\d+)?$/.test(values.loudness) || n < -40 || n > -5) {
      throw new UsageError(
        `--loudness must be a level from -40 to -5 LUFS, or off, not "${values.loudness}"`,
      );
    }
    loudness = n;
  }
  const toFile = format !== 'stills' && !values.all && !isFolder(out);
  if (toFile && ext !== `.${format}`) {
    throw new UsageError(
      `--out must end in .${format} for ${format} (or name a folder), not "${values.out}"`,
    );
  }

  // Read-only: the export never changes the project.
  const projectPath = resolve(positionals[0]!);
  const { doc } = inspectProjectFile(projectPath);
  const db = new Sqlite(projectPath, { readonly: true, mustExist: true });
  let assets;
  try {
    assets = exportAssets(doc, (sha256) => {
      const row = db.get<{ data: Uint8Array }>('SELECT data FROM assets WHERE sha256 = ?', [sha256]);
      return row ? new Uint8Array(row.data) : null;
    });
  } finally {
    db.close();
  }

  const placements: PlacementId[] = values.all
    ? [...PLACEMENT_IDS]
    : [(values.placement as PlacementId) ?? '16:9'];
  const stem = fileStem(doc.name);
  const targets: ExportVideoTarget[] = placements.map((placement) => {
    let path: string;
    if (toFile) path = out;
    else if (format === 'stills') path = values.all ? join(out, placementTag(placement)) : out;
    else path = join(out, `${stem}-${placementTag(placement)}.${format}`);
    return { placement, path };
  });

  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);
  const progress = progressPrinter();
  const started = performance.now();
  try {
    const result = await exportVideo({
      document: doc,
      format,
      targets,
      loudnessLufs: loudness,
      ...assets,
      signal: controller.signal,
      onProgress: (p) => progress.update(p),
    });
    progress.end();
    const took = ((performance.now() - started) / 1000).toFixed(1);
    for (const o of result.outputs) {
      const what =
        format === 'stills' ? `${o.frames} stills` : `${o.durationSeconds.toFixed(2)} s, ${o.frames} frames`;
      process.stdout.write(
        `${o.path}: ${o.width}×${o.height}, ${what}, ${(o.byteSize / 1048576).toFixed(1)} MB\n`,
      );
    }
    const l = result.loudness;
    if (l) {
      process.stderr.write(
        l.outputLufs === null
          ? `audio: silent\n`
          : `audio: ${l.outputLufs.toFixed(1)} LUFS, true peak ${l.truePeakDb!.toFixed(1)} dBTP (was ${l.inputLufs!.toFixed(1)} LUFS)\n`,
      );
    }
    process.stderr.write(`exported in ${took} s\n`);
    return 0;
  } catch (error) {
    progress.end();
    if (controller.signal.aborted) {
      process.stderr.write('atelier export: stopped; nothing was written\n');
      return 130;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    process.removeListener('SIGTERM', onInterrupt);
  }
}
