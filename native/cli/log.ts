import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { once } from 'node:events';
import { toCsv, toJsonl } from '../feedback/export';
import { readEvents } from '../feedback/log';
import { replay, ReplayError } from '../feedback/replay';
import { verifyLog } from '../feedback/verify';
import { inspectProjectFile, tempPathBeside } from '../project/project-file';
import { Sqlite } from '../project/sqlite';
import { UsageError } from './usage-error';

export const logUsage = `atelier log export <file.atelier> --format jsonl|csv [--out FILE]
atelier log verify <file.atelier>
atelier replay <file.atelier> [--to SEQ] --out doc.json`;

/** Opens a project's database read-only, after checking it is an Atelier project at all. */
function openProject(path: string | undefined): Sqlite {
  if (!path) throw new UsageError('name the .atelier file');
  try {
    inspectProjectFile(path);
  } catch (error) {
    // A document from a newer version still has a log worth reading; anything else is refused.
    if (!/newer version/.test((error as Error).message)) throw error;
  }
  return new Sqlite(path, { readonly: true, mustExist: true });
}

/** Writes lines to a file atomically (temporary name, then rename), or to stdout. */
async function writeLines(lines: Iterable<string>, out: string | undefined): Promise<void> {
  if (!out) {
    for (const line of lines) if (!process.stdout.write(line)) await once(process.stdout, 'drain');
    return;
  }
  const tmp = tempPathBeside(out);
  const stream = createWriteStream(tmp);
  try {
    for (const line of lines) if (!stream.write(line)) await once(stream, 'drain');
    stream.end();
    await once(stream, 'finish');
    await rename(tmp, out);
  } catch (error) {
    stream.destroy();
    await rm(tmp, { force: true });
    throw error;
  }
}

export async function logCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'export') {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { format: { type: 'string' }, out: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new UsageError('log export takes one .atelier file');
    if (values.format !== 'jsonl' && values.format !== 'csv') {
      throw new UsageError(`--format must be jsonl or csv${values.format ? `, not "${values.format}"` : ''}`);
    }
    const db = openProject(positionals[0]);
    try {
      const events = readEvents(db);
      await writeLines(values.format === 'csv' ? toCsv(events) : toJsonl(events), values.out);
      if (values.out) process.stderr.write(`wrote ${events.length} events to ${values.out}\n`);
    } finally {
      db.close();
    }
    return 0;
  }
  if (sub === 'verify') {
    const { positionals } = parseArgs({ args: rest, options: {}, allowPositionals: true, strict: true });
    if (positionals.length !== 1) throw new UsageError('log verify takes one .atelier file');
    const db = openProject(positionals[0]);
    try {
      const result = verifyLog(db);
      if (result.ok) {
        process.stdout.write(`ok: ${result.count} events\n`);
        return 0;
      }
      process.stdout.write(
        `bad: seq ${result.seq}: ${result.problem} (${result.count} events verified before it)\n`,
      );
      return 1;
    } finally {
      db.close();
    }
  }
  throw new UsageError(
    sub ? `unknown log command "${sub}" (export or verify)` : 'log needs a command: export or verify',
  );
}

export async function replayCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { to: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('replay takes one .atelier file');
  if (!values.out) throw new UsageError('replay needs --out doc.json');
  let to: number | undefined;
  if (values.to !== undefined) {
    if (!/^\d{1,15}$/.test(values.to) || Number(values.to) < 1)
      throw new UsageError(`--to must be a positive event number, not "${values.to}"`);
    to = Number(values.to);
  }
  const db = openProject(positionals[0]);
  try {
    const events = readEvents(db, to);
    const last = events.at(-1)?.seq ?? 0;
    if (to !== undefined && last < to)
      throw new UsageError(`--to ${to} is past the end of the log (${last} events)`);
    const { doc, seq } = replay(events, to);
    await writeLines([`${JSON.stringify(doc, null, 2)}\n`], values.out);
    process.stderr.write(`replayed ${seq} events into ${values.out}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ReplayError) {
      process.stderr.write(`atelier replay: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    db.close();
  }
}
