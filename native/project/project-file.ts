import { closeSync, existsSync, fsyncSync, openSync, readSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { StudioError } from '../api/errors';
import type { Document } from '../model/document';
import { DocumentError, parseDocument } from '../model/parse';
import { LOG_TABLE_SQL } from '../feedback/log';
import { Sqlite } from './sqlite';

/** 'ATLR': marks a SQLite file as an Atelier project (SQLite's application_id header field). */
export const APPLICATION_ID = 0x41544c52;
export const FILE_FORMAT_VERSION = 1;
const SQLITE_MAGIC = 'SQLite format 3\0';

export type FileKind = 'atelier-project' | 'atelier-recovery';

const SCHEMA_SQL = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS document (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    json TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    saved_at INTEGER NOT NULL,
    log_seq INTEGER NOT NULL,
    log_hash TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS assets (sha256 TEXT PRIMARY KEY, mime TEXT NOT NULL, size INTEGER NOT NULL, data BLOB NOT NULL);
  CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  ${LOG_TABLE_SQL};
`;

export interface StoredDocument {
  doc: Document;
  savedAt: number;
  /** The last edit-log event included in this document, and its hash. */
  logSeq: number;
  logHash: string;
}

/** Turns SQLite and file-system failures into messages a user can act on. */
export function storageError(action: string, path: string, error: unknown): StudioError {
  if (error instanceof StudioError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? String(error);
  const name = basename(path);
  if (code === 'ENOSPC' || code === 'SQLITE_FULL' || /disk is full|no space/i.test(message)) {
    return new StudioError(
      'unavailable',
      `Not enough disk space to ${action} ${name}: nothing was changed. Free some space or save elsewhere.`,
    );
  }
  if (
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EROFS' ||
    code === 'SQLITE_READONLY' ||
    /readonly/i.test(message)
  ) {
    return new StudioError('forbidden', `Cannot ${action} ${name}: the file or its folder is read-only.`);
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || /malformed|not a database/i.test(message)) {
    return new StudioError('invalid_argument', `${name} is damaged (${message}); it was not changed.`);
  }
  return new StudioError('internal', `Cannot ${action} ${name}: ${message}`);
}

function readHeader(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(100);
    const read = readSync(fd, header, 0, 100, 0);
    return header.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks a file before anything writes to it: that it exists, is a whole SQLite database (not
 * truncated), is an Atelier file of a format this version reads, and holds a valid document
 * of a schema this version understands. Throws a StudioError naming the problem; never writes.
 */
export function inspectProjectFile(path: string, kind: FileKind = 'atelier-project'): StoredDocument {
  const name = basename(path);
  let size: number;
  try {
    const info = statSync(path);
    if (!info.isFile()) throw new StudioError('invalid_argument', `${name} is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof StudioError) throw error;
    throw new StudioError('not_found', `${name} does not exist`);
  }
  if (size === 0)
    throw new StudioError('invalid_argument', `${name} is empty (0 bytes): it is not an Atelier project`);
  const header = readHeader(path);
  if (header.length < 100 || header.subarray(0, 16).toString('latin1') !== SQLITE_MAGIC) {
    throw new StudioError(
      'invalid_argument',
      `${name} is not an Atelier project (it is not a database file)`,
    );
  }
  // With a write-ahead log beside it, the file's own header is stale until a checkpoint:
  // then SQLite itself reads the pages, and a missing one shows up as damage when read.
  const hasWal = existsSync(`${path}-wal`);
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  const pageCount = header.readUInt32BE(28);
  if (!hasWal && pageCount > 0 && size < pageSize * pageCount) {
    throw new StudioError(
      'invalid_argument',
      `${name} is damaged: it is truncated (${size} bytes of ${pageSize * pageCount}); it was not changed`,
    );
  }
  let db: Sqlite | null = null;
  try {
    db = new Sqlite(path, { readonly: true, mustExist: true });
    if (db.value<number>('PRAGMA application_id') !== APPLICATION_ID) {
      throw new StudioError(
        'invalid_argument',
        `${name} is a database of another program, not an Atelier project`,
      );
    }
    const meta = new Map(
      db.all<{ key: string; value: string }>('SELECT key, value FROM meta').map((r) => [r.key, r.value]),
    );
    if (meta.get('format') !== kind) {
      throw new StudioError(
        'invalid_argument',
        `${name} is not an Atelier ${kind === 'atelier-project' ? 'project' : 'recovery file'}`,
      );
    }
    const formatVersion = Number(meta.get('formatVersion'));
    if (!(formatVersion <= FILE_FORMAT_VERSION)) {
      throw new StudioError(
        'conflict',
        `${name} was saved by a newer version of Atelier (file format ${meta.get('formatVersion')}). Update Atelier to open it; the file was not changed.`,
      );
    }
    const row = db.get<{ json: string; saved_at: number; log_seq: number; log_hash: string }>(
      'SELECT json, saved_at, log_seq, log_hash FROM document WHERE id = 1',
    );
    if (!row)
      throw new StudioError(
        'invalid_argument',
        `${name} is damaged: it holds no document; it was not changed`,
      );
    let raw: unknown;
    try {
      raw = JSON.parse(row.json);
    } catch {
      throw new StudioError(
        'invalid_argument',
        `${name} is damaged: its document is not readable JSON; it was not changed`,
      );
    }
    const doc = parseDocument(raw);
    return { doc, savedAt: row.saved_at, logSeq: row.log_seq, logHash: row.log_hash };
  } catch (error) {
    if (error instanceof DocumentError) {
      const code = error.problem === 'newer-version' ? 'conflict' : 'invalid_argument';
      throw new StudioError(
        code,
        `${name}: ${error.message}${error.problem === 'newer-version' ? '' : '; it was not changed'}`,
      );
    }
    throw storageError('open', path, error);
  } finally {
    db?.close();
  }
}

/** Writes the tables and marks of a new, empty Atelier file. */
export function initialiseFile(db: Sqlite, kind: FileKind, appVersion: string): void {
  db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
  db.exec(SCHEMA_SQL);
  db.transaction(() => {
    const entries: [string, string][] = [
      ['format', kind],
      ['formatVersion', String(FILE_FORMAT_VERSION)],
      ['createdBy', `Atelier ${appVersion}`],
      ['createdAt', String(Date.now())],
    ];
    for (const [key, value] of entries)
      db.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', [key, value]);
  });
}

/** Opens an Atelier database for a session: WAL, so appends to the log are cheap and crash-safe. */
export function openForSession(path: string): Sqlite {
  const db = new Sqlite(path, { mustExist: true });
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA busy_timeout = 5000');
  return db;
}

/** Leaves the file whole on its own (no -wal beside it), then closes it. */
export function closeSession(db: Sqlite): void {
  try {
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    db.exec('PRAGMA journal_mode = DELETE');
  } catch {
    // A checkpoint that cannot run now runs when the file is next opened.
  }
  db.close();
}

/**
 * Writes the document row. It names the last log event included (seq and hash), so replay
 * knows where the saved document stands in the log and `verify` notices a log cut off before it.
 */
export function writeDocument(db: Sqlite, doc: Document, logSeq: number, logHash: string): number {
  const savedAt = Date.now();
  db.run(
    'INSERT INTO document (id, json, schema_version, saved_at, log_seq, log_hash) VALUES (1, ?, ?, ?, ?, ?) ' +
      'ON CONFLICT(id) DO UPDATE SET json = excluded.json, schema_version = excluded.schema_version, ' +
      'saved_at = excluded.saved_at, log_seq = excluded.log_seq, log_hash = excluded.log_hash',
    [JSON.stringify(doc), doc.schemaVersion, savedAt, logSeq, logHash],
  );
  return savedAt;
}

/** Saves with a full sync, so a saved document survives a power cut too, not just a crash. */
export function durably<T>(db: Sqlite, fn: () => T): T {
  db.exec('PRAGMA synchronous = FULL');
  try {
    return db.transaction(fn);
  } finally {
    db.exec('PRAGMA synchronous = NORMAL');
  }
}

/** A temporary path beside `path`, on the same file system, for write-then-rename. */
export function tempPathBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.saving`);
}

/** Moves a finished temporary file over the target: the target is either old or new, never half. */
export async function commitTempFile(tmp: string, target: string): Promise<void> {
  const fd = openSync(tmp, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  await rename(tmp, target);
  try {
    const dirFd = openSync(dirname(target), 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // Some platforms cannot fsync a folder; the rename is still atomic.
  }
}

export async function removeTempFile(tmp: string): Promise<void> {
  for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(`${tmp}${suffix}`, { force: true });
}
