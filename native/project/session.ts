import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { rm } from 'node:fs/promises';
import { StudioError } from '../api/errors';
import type { Asset, Document, Provenance } from '../model/document';
import { Editor, type Edit, type EditRecord, type EditResult } from '../model/editor';
import { blankCanvas, createDocument } from '../model/factory';
import type { LogEventInput } from '../model/feedback-events';
import { newId, type AssetId } from '../model/ids';
import { FeedbackLog, newSession, type LogSession } from '../feedback/log';
import type { SessionStartPayload } from '../feedback/replay';
import {
  closeSession,
  commitTempFile,
  durably,
  initialiseFile,
  inspectProjectFile,
  openForSession,
  removeTempFile,
  storageError,
  tempPathBeside,
  writeDocument,
} from './project-file';
import { Sqlite } from './sqlite';

export const PROJECT_EXTENSION = '.atelier';
const RECOVERY_EXTENSION = '.atelier-recovery';

export interface SessionOptions {
  userDataDir: string;
  appVersion: string;
  participantId?: string | null;
  condition?: string | null;
  /**
   * Research mode's say over what the person does (edits, generation and UI events; not saves
   * or session markers, which hold no content and which a saved document must be able to name):
   * null keeps an event out of the log (the participant paused logging), or it is returned as
   * it may be logged (without prompt text the participant did not consent to).
   */
  logFilter?: (input: LogEventInput) => LogEventInput | null;
  /** Undo steps kept. */
  historyLimit?: number;
}

export interface NewProjectOptions {
  name: string;
  commercial?: boolean;
  fps?: Document['timeline']['fps'];
  /** A first artboard (from a placement preset). */
  canvas?: { name: string; width: number; height: number; placement: string | null };
  /** Whether the log keeps prompts as typed (Document.logPrompts); off unless set. */
  logPrompts?: boolean;
}

export interface RecoveryEntry {
  /** The recovery file; pass it to `recover`. */
  recoveryPath: string;
  projectId: string;
  name: string;
  /** The project file it belongs to, or null for a project never saved. */
  originalPath: string | null;
  autosavedAt: number;
}

export interface NewAsset {
  bytes: Uint8Array;
  name: string;
  kind: Asset['kind'];
  mime: string;
  width?: number | null;
  height?: number | null;
  durationSamples?: number | null;
  sampleRate?: number | null;
  provenance: Provenance;
}

function recoveryDir(userDataDir: string): string {
  const dir = join(userDataDir, 'recovery');
  mkdirSync(dir, { recursive: true });
  return dir;
}

function readMeta(db: Sqlite): Map<string, string> {
  return new Map(
    db.all<{ key: string; value: string }>('SELECT key, value FROM meta').map((r) => [r.key, r.value]),
  );
}

/**
 * One open project: the document with its undo history (the twin of the UI's Editor), the
 * `.atelier` file it was opened from (if any), the edit log, and a recovery store beside the
 * user data that autosaves unsaved work and holds newly imported assets until they are saved.
 */
export class ProjectSession {
  readonly editor: Editor;
  private dirtyFlag: boolean;
  private editsSinceAutosave = 0;
  private revisionCounter = 0;
  private closed = false;
  /** Why the undo history was cleared while the project was open (said when there is nothing to undo). */
  private historyRestart: string | null = null;

  private constructor(
    private file: Sqlite | null,
    private filePath: string | null,
    private readonly recovery: Sqlite,
    private readonly recoveryPath: string,
    readonly log: FeedbackLog,
    doc: Document,
    dirty: boolean,
    /** The log event whose document is the one in the file (null before the first save). */
    private savedSeq: number | null,
    private readonly options: SessionOptions,
  ) {
    this.editor = new Editor(doc, options.historyLimit ?? 500);
    this.dirtyFlag = dirty;
  }

  private static session(options: SessionOptions): LogSession {
    return newSession(options.participantId ?? null, options.condition ?? null);
  }

  private static newRecovery(
    options: SessionOptions,
    doc: Document,
    originalPath: string | null,
  ): { db: Sqlite; path: string } {
    const path = join(
      recoveryDir(options.userDataDir),
      `${doc.id.slice('project:'.length)}-${randomBytes(4).toString('hex')}${RECOVERY_EXTENSION}`,
    );
    const db = openForSession(path);
    initialiseFile(db, 'atelier-recovery', options.appVersion);
    db.transaction(() => {
      db.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', ['projectId', doc.id]);
      db.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', ['originalPath', originalPath ?? '']);
    });
    return { db, path };
  }

  /** A new, unsaved project. Its log and assets live in the recovery store until the first save. */
  static createNew(options: SessionOptions, init: NewProjectOptions): ProjectSession {
    let doc = createDocument({
      id: newId('project'),
      name: init.name,
      createdAt: Date.now(),
      commercial: init.commercial ?? true,
      fps: init.fps ?? 30,
    });
    // Part of the first document, not an edit: there is nothing to undo.
    if (init.logPrompts !== undefined) doc = { ...doc, logPrompts: init.logPrompts };
    if (init.canvas) {
      const canvas = blankCanvas(
        newId('canvas'),
        init.canvas.name,
        init.canvas.width,
        init.canvas.height,
        init.canvas.placement,
      );
      doc = { ...doc, canvases: { [canvas.id]: canvas }, canvasOrder: [canvas.id] };
    }
    const recovery = ProjectSession.newRecovery(options, doc, null);
    const log = new FeedbackLog(recovery.db, ProjectSession.session(options));
    const created = log.append({ type: 'project.created', targetIds: [doc.id], payload: { document: doc } });
    log.append({
      type: 'session.started',
      args: { base: 'new' },
      payload: { base: 'new', fromSeq: created.seq } satisfies SessionStartPayload,
    });
    // Not dirty until the first edit: closing an untouched new project asks nothing.
    const session = new ProjectSession(
      null,
      null,
      recovery.db,
      recovery.path,
      log,
      doc,
      false,
      null,
      options,
    );
    session.autosave();
    return session;
  }

  /** Opens a project file. Bad, damaged or newer files are refused before anything is written. */
  static open(path: string, options: SessionOptions): ProjectSession {
    const stored = inspectProjectFile(path);
    let file: Sqlite | null = null;
    let log: FeedbackLog;
    try {
      file = openForSession(path);
      log = new FeedbackLog(file, ProjectSession.session(options));
      log.append({
        type: 'session.started',
        args: { base: 'file' },
        payload: { base: 'file', fromSeq: stored.logSeq } satisfies SessionStartPayload,
      });
    } catch (error) {
      if (file) closeSession(file);
      throw storageError('open', path, error);
    }
    // Only now, with the file open, does the session get a recovery store (nothing leaks on failure).
    const recovery = ProjectSession.newRecovery(options, stored.doc, path);
    return new ProjectSession(
      file,
      path,
      recovery.db,
      recovery.path,
      log,
      stored.doc,
      false,
      stored.logSeq,
      options,
    );
  }

  /**
   * A new project file at `path` made from another project (a study's task template): its
   * document and assets, with a log of its own that starts here (the template's history is no
   * part of this person's work). The copy is written under a temporary name and moved into place
   * only when complete, so a failure leaves no half-made file at `path`. `logPrompts` is set in
   * the first document, so there is no edit to undo.
   */
  static async fromTemplate(
    source: string,
    path: string,
    options: SessionOptions,
    init: { logPrompts?: boolean } = {},
  ): Promise<ProjectSession> {
    const stored = inspectProjectFile(source);
    const doc: Document =
      init.logPrompts === undefined ? stored.doc : { ...stored.doc, logPrompts: init.logPrompts };
    const logSession = ProjectSession.session(options);
    const tmp = tempPathBeside(path);
    let log: FeedbackLog;
    let createdSeq: number;
    try {
      const from = new Sqlite(source, { readonly: true, mustExist: true });
      try {
        from.run('VACUUM INTO ?', [tmp]);
      } finally {
        from.close();
      }
      const target = new Sqlite(tmp, { mustExist: true });
      try {
        target.exec('PRAGMA journal_mode = DELETE');
        target.run('DELETE FROM log');
        // The template's events are gone from the file's free pages too.
        target.exec('VACUUM');
        log = new FeedbackLog(target, logSession);
        createdSeq = target.transaction(() => {
          const created = log.append({
            type: 'project.created',
            targetIds: [doc.id],
            payload: { document: doc },
          });
          writeDocument(target, doc, created.seq, created.hash);
          return created.seq;
        });
      } finally {
        target.close();
      }
      for (const suffix of ['-wal', '-shm', '-journal']) await rm(`${path}${suffix}`, { force: true });
      await commitTempFile(tmp, path);
    } catch (error) {
      await removeTempFile(tmp);
      throw storageError('create', path, error);
    }
    let file: Sqlite | null = null;
    try {
      file = openForSession(path);
      log.switchTo(file);
      log.append({
        type: 'session.started',
        args: { base: 'file' },
        payload: { base: 'file', fromSeq: createdSeq } satisfies SessionStartPayload,
      });
    } catch (error) {
      if (file) closeSession(file);
      throw storageError('open', path, error);
    }
    const recovery = ProjectSession.newRecovery(options, doc, path);
    return new ProjectSession(file, path, recovery.db, recovery.path, log, doc, false, createdSeq, options);
  }

  /** Unsaved work left by a session that did not end cleanly, newest first. */
  static listRecoverable(userDataDir: string): RecoveryEntry[] {
    const dir = recoveryDir(userDataDir);
    const entries: RecoveryEntry[] = [];
    for (const name of readdirSync(dir)) {
      if (!name.endsWith(RECOVERY_EXTENSION)) continue;
      const recoveryPath = join(dir, name);
      try {
        const stored = inspectProjectFile(recoveryPath, 'atelier-recovery');
        const db = new Sqlite(recoveryPath, { readonly: true, mustExist: true });
        const meta = readMeta(db);
        db.close();
        entries.push({
          recoveryPath,
          projectId: stored.doc.id,
          name: stored.doc.name,
          originalPath: meta.get('originalPath') || null,
          autosavedAt: stored.savedAt,
        });
      } catch {
        // Not recoverable (never autosaved, or damaged): not offered.
      }
    }
    return entries.sort((a, b) => b.autosavedAt - a.autosavedAt);
  }

  /**
   * Reopens autosaved work. A project that had a file goes on with that file, if it is still
   * there and still the same project with the same log; otherwise the work comes back as an
   * unsaved project with a fresh log, and `problem` says what could not be kept.
   */
  static recover(recoveryPath: string, options: SessionOptions): ProjectSession {
    const snapshot = inspectProjectFile(recoveryPath, 'atelier-recovery');
    const recovery = openForSession(recoveryPath);
    const meta = readMeta(recovery);
    const originalPath = meta.get('originalPath') || null;
    let file: Sqlite | null = null;
    let problem: string | null = null;
    let savedSeq: number | null = null;
    if (originalPath) {
      try {
        const stored = inspectProjectFile(originalPath);
        if (stored.doc.id !== snapshot.doc.id) throw new Error('another project is saved there now');
        const candidate = openForSession(originalPath);
        const row = candidate.get<{ event: string }>('SELECT event FROM log WHERE seq = ?', [
          snapshot.logSeq,
        ]);
        if (!row || (JSON.parse(row.event) as { hash: string }).hash !== snapshot.logHash) {
          closeSession(candidate);
          throw new Error('its edit log is not the one this work continues');
        }
        file = candidate;
        savedSeq = stored.logSeq;
      } catch (error) {
        problem = `${basename(originalPath)} could not be used (${(error as Error).message}): the work is recovered as an unsaved project`;
      }
    }
    let log: FeedbackLog;
    if (file) {
      log = new FeedbackLog(file, ProjectSession.session(options));
      log.append({
        type: 'session.started',
        args: { base: 'recovery' },
        payload: { base: 'recovery', fromSeq: snapshot.logSeq } satisfies SessionStartPayload,
      });
    } else if (!originalPath && chainHas(recovery, snapshot.logSeq, snapshot.logHash)) {
      // A project never saved: its log lives here and goes on.
      log = new FeedbackLog(recovery, ProjectSession.session(options));
      log.append({
        type: 'session.started',
        args: { base: 'recovery' },
        payload: { base: 'recovery', fromSeq: snapshot.logSeq } satisfies SessionStartPayload,
      });
    } else {
      // No log to continue: start a new one from the recovered document.
      recovery.run('DELETE FROM log');
      log = new FeedbackLog(recovery, ProjectSession.session(options));
      const created = log.append({
        type: 'project.created',
        targetIds: [snapshot.doc.id],
        payload: { document: snapshot.doc },
      });
      log.append({
        type: 'session.started',
        args: { base: 'new' },
        payload: { base: 'new', fromSeq: created.seq } satisfies SessionStartPayload,
      });
      recovery.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', ['originalPath', '']);
    }
    const session = new ProjectSession(
      file,
      file ? originalPath : null,
      recovery,
      recoveryPath,
      log,
      snapshot.doc,
      true,
      savedSeq,
      options,
    );
    const missing = Object.values(snapshot.doc.assets)
      .filter((a) => !session.hasAsset(a.sha256))
      .map((a) => a.name);
    if (missing.length > 0)
      problem = `${problem ? `${problem}; ` : ''}missing media: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? '…' : ''}`;
    session.problem = problem;
    return session;
  }

  /**
   * Removes recovery stores that hold nothing to recover (their session saved everything, then
   * ended without closing) and have not been touched for `olderThanMs`: a live session's store is
   * touched with every edit, so it is never taken. Returns how many were removed.
   */
  static pruneRecovery(userDataDir: string, olderThanMs = 86_400_000): number {
    const dir = recoveryDir(userDataDir);
    const offered = new Set(ProjectSession.listRecoverable(userDataDir).map((e) => e.recoveryPath));
    let removed = 0;
    for (const name of readdirSync(dir)) {
      if (!name.endsWith(RECOVERY_EXTENSION)) continue;
      const path = join(dir, name);
      if (offered.has(path)) continue;
      const touched = Math.max(
        ...['', '-wal'].map((s) => (existsSync(path + s) ? statSync(path + s).mtimeMs : 0)),
      );
      if (Date.now() - touched < olderThanMs) continue;
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      removed++;
    }
    return removed;
  }

  /** Throws away autosaved work the user chose not to recover. */
  static discardRecovery(recoveryPath: string, userDataDir: string): void {
    if (!ProjectSession.listRecoverable(userDataDir).some((e) => e.recoveryPath === recoveryPath)) {
      throw new StudioError('not_found', 'no such recovery entry');
    }
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${recoveryPath}${suffix}`, { force: true });
  }

  get doc(): Document {
    return this.editor.doc;
  }

  get path(): string | null {
    return this.filePath;
  }

  /** This session's own recovery store: never offered for recovery while the session lives. */
  get recoveryFile(): string {
    return this.recoveryPath;
  }

  get dirty(): boolean {
    return this.dirtyFlag;
  }

  /** Goes up by one with every applied edit: the UI checks it stays in step. */
  get revision(): number {
    return this.revisionCounter;
  }

  get title(): string {
    return this.filePath ? basename(this.filePath, extname(this.filePath)) : this.doc.name;
  }

  /**
   * Applies an edit from the UI, logs it, and autosaves every 50 edits. If the log cannot take
   * the event (a full disk), the edit is undone: the document never holds what the log lacks.
   */
  apply(edit: Edit): EditResult {
    this.assertOpen();
    const started = performance.now();
    const before = this.editor.snapshot();
    const result = this.editor.apply(edit);
    if (!result.ok) {
      const empty = edit.kind === 'undo' ? this.editor.undoLabels : this.editor.redoLabels;
      return this.historyRestart && (edit.kind === 'undo' || edit.kind === 'redo') && empty.length === 0
        ? { ok: false, reason: `${result.reason}: ${this.historyRestart}` }
        : result;
    }
    try {
      const input = this.filtered(logInputFor(result.record, edit, performance.now() - started));
      if (input) this.log.append(input);
    } catch (error) {
      this.editor.restore(before);
      this.log.resync();
      throw storageError('record the change in', this.filePath ?? this.recoveryPath, error);
    }
    this.revisionCounter++;
    this.dirtyFlag = true;
    if (++this.editsSinceAutosave >= 50) this.tryAutosave();
    return result;
  }

  /**
   * Starts the undo history again from the document as it stands (as opening the project would),
   * say when the log skipped edits that the history still holds: replay has no history from
   * before, so an undo into it could not be replayed. `why` is said when there is nothing to undo.
   */
  clearHistory(why: string): void {
    this.assertOpen();
    this.editor.clearHistory();
    this.historyRestart = why;
  }

  /** Records a non-document event (a generation, an export, a tool change). */
  logEvent(input: LogEventInput): void {
    this.assertOpen();
    const kept = this.filtered(input);
    if (kept) this.log.append(kept);
  }

  private filtered(input: LogEventInput): LogEventInput | null {
    return this.options.logFilter ? this.options.logFilter(input) : input;
  }

  /** Stores an asset's bytes (once per SHA-256) and describes it; add it with an `asset.add` command. */
  importAsset(input: NewAsset): Asset {
    this.assertOpen();
    const sha256 = createHash('sha256').update(input.bytes).digest('hex');
    if (!this.hasAsset(sha256)) {
      try {
        this.recovery.run('INSERT OR IGNORE INTO assets (sha256, mime, size, data) VALUES (?, ?, ?, ?)', [
          sha256,
          input.mime,
          input.bytes.byteLength,
          input.bytes,
        ]);
      } catch (error) {
        throw storageError('store an asset for', this.recoveryPath, error);
      }
    }
    return {
      id: newId('asset') as AssetId,
      kind: input.kind,
      sha256,
      mime: input.mime,
      byteSize: input.bytes.byteLength,
      name: basename(input.name).slice(0, 255) || 'asset',
      width: input.width ?? null,
      height: input.height ?? null,
      durationSamples: input.durationSamples ?? null,
      sampleRate: input.sampleRate ?? null,
      provenance: input.provenance,
    };
  }

  hasAsset(sha256: string): boolean {
    const query = 'SELECT 1 FROM assets WHERE sha256 = ?';
    return Boolean(this.file?.value(query, [sha256]) ?? this.recovery.value(query, [sha256]));
  }

  /** An asset's bytes and type from the file or the recovery store, by hash. */
  readAssetWithType(sha256: string): { mime: string; bytes: Uint8Array } | null {
    const query = 'SELECT mime, data FROM assets WHERE sha256 = ?';
    const row =
      this.file?.get<{ mime: string; data: Uint8Array }>(query, [sha256]) ??
      this.recovery.get<{ mime: string; data: Uint8Array }>(query, [sha256]);
    return row ? { mime: row.mime, bytes: row.data } : null;
  }

  /**
   * Stores what the engine worked out from an asset (an audio file's waveform peaks) beside it,
   * so it is computed once: saved with the project while the asset is in the document.
   */
  storeDerived(kind: DerivedKind, sha256: string, bytes: Uint8Array): void {
    this.assertOpen();
    const key = derivedKey(kind, sha256);
    try {
      // Replaces what was there (a damaged blob is worked out again and stored over).
      this.recovery.run('INSERT OR REPLACE INTO assets (sha256, mime, size, data) VALUES (?, ?, ?, ?)', [
        key,
        DERIVED_MIME[kind],
        bytes.byteLength,
        bytes,
      ]);
    } catch (error) {
      throw storageError(`store the ${kind} of an asset for`, this.recoveryPath, error);
    }
  }

  /** What `storeDerived` kept for this asset, or null. */
  readDerived(kind: DerivedKind, sha256: string): Uint8Array | null {
    // The recovery store first: a blob worked out again this session replaces the file's.
    const query = 'SELECT data FROM assets WHERE sha256 = ?';
    const key = derivedKey(kind, sha256);
    return (
      this.recovery.value<Uint8Array>(query, [key]) ?? this.file?.value<Uint8Array>(query, [key]) ?? null
    );
  }

  readAsset(sha256: string): Uint8Array | null {
    const query = 'SELECT data FROM assets WHERE sha256 = ?';
    const data =
      this.file?.value<Uint8Array>(query, [sha256]) ?? this.recovery.value<Uint8Array>(query, [sha256]);
    return data ?? null;
  }

  /**
   * Writes unsaved work to the recovery store in one transaction: the document, and the log
   * event it includes (seq and hash), so recovery can check it continues the same log.
   */
  autosave(): void {
    if (this.closed) return;
    const seq = this.log.lastSeq;
    const hash = this.log.lastHashValue;
    durably(this.recovery, () => {
      writeDocument(this.recovery, this.doc, seq, hash);
    });
    this.editsSinceAutosave = 0;
  }

  /** Something the user should know (an autosave that failed, media that could not be recovered). */
  problem: string | null = null;

  /** Autosaves, recording rather than throwing a failure. */
  tryAutosave(): void {
    try {
      this.autosave();
      if (this.problem?.startsWith('Autosave failed')) this.problem = null;
    } catch (error) {
      this.problem = `Autosave failed: ${storageError('autosave', this.recoveryPath, error).message}`;
    }
  }

  /** Saves in place. Only the document and assets new since the last save are written. */
  save(): { path: string; savedAt: number } {
    this.assertOpen();
    if (!this.file || !this.filePath)
      throw new StudioError('conflict', 'this project has no file yet: choose where to save it');
    const file = this.file;
    const path = this.filePath;
    let savedAt: number;
    try {
      file.exec(`ATTACH DATABASE '${this.recoveryPath.replace(/'/g, "''")}' AS recovery`);
      try {
        savedAt = durably(file, () => {
          copyMissingAssets(file, this.doc);
          const event = this.log.append({ type: 'project.saved', targetIds: [this.doc.id] });
          this.savedSeq = event.seq;
          return writeDocument(file, this.doc, event.seq, event.hash);
        });
      } finally {
        file.exec('DETACH DATABASE recovery');
      }
    } catch (error) {
      this.log.resync(); // the project.saved event was rolled back with the save
      throw storageError('save', path, error);
    }
    this.afterSave();
    return { path, savedAt };
  }

  /**
   * Saves to a new file: written beside the target under a temporary name and moved over it
   * only when complete, so a crash or a full disk never leaves half a file or harms the old one.
   * The `project.saved` event is written into the new file with its document.
   */
  async saveAs(path: string): Promise<{ path: string; savedAt: number }> {
    this.assertOpen();
    if (path === this.filePath) return this.save();
    const tmp = tempPathBeside(path);
    let savedAt = 0;
    let savedSeq = 0;
    try {
      if (this.file) {
        this.file.exec('PRAGMA wal_checkpoint(FULL)');
        this.file.run('VACUUM INTO ?', [tmp]);
      }
      const target = new Sqlite(tmp);
      try {
        if (!this.file) initialiseFile(target, 'atelier-project', this.options.appVersion);
        target.exec(`ATTACH DATABASE '${this.recoveryPath.replace(/'/g, "''")}' AS recovery`);
        target.transaction(() => {
          copyMissingAssets(target, this.doc);
          if (!this.file)
            target.exec('INSERT INTO main.log (seq, event) SELECT seq, event FROM recovery.log');
        });
        target.exec('DETACH DATABASE recovery');
        target.transaction(() => {
          const event = this.log.appendInto(target, { type: 'project.saved', targetIds: [this.doc.id] });
          savedSeq = event.seq;
          savedAt = writeDocument(target, this.doc, event.seq, event.hash);
        });
      } finally {
        target.close();
      }
      // A write-ahead log left beside the old file (after a crash) belongs to it, not to ours.
      for (const suffix of ['-wal', '-shm', '-journal']) await rm(`${path}${suffix}`, { force: true });
      await commitTempFile(tmp, path);
    } catch (error) {
      this.log.resync(); // the project.saved event went nowhere
      await removeTempFile(tmp);
      throw storageError('save', path, error);
    }
    // The copy is complete and in place: the session now writes there.
    const next = openForSession(path);
    this.log.switchTo(next);
    if (this.file) closeSession(this.file);
    this.file = next;
    this.filePath = path;
    this.savedSeq = savedSeq;
    this.recovery.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', ['originalPath', path]);
    this.afterSave();
    return { path, savedAt };
  }

  /** Ends the session. Unsaved work is kept for recovery unless `discard` is set. */
  close({ discard = false }: { discard?: boolean } = {}): void {
    if (this.closed) return;
    const discarded = discard && this.dirtyFlag;
    // Replay goes back to the saved document when the edits since were thrown away.
    this.log.append({
      type: 'session.ended',
      args: { discarded },
      payload: { revertTo: discarded ? this.savedSeq : null },
    });
    this.closed = true;
    if (this.file) closeSession(this.file);
    const keep = this.dirtyFlag && !discard;
    if (keep) {
      closeSession(this.recovery);
    } else {
      this.recovery.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${this.recoveryPath}${suffix}`, { force: true });
    }
  }

  private afterSave(): void {
    this.dirtyFlag = false;
    this.editsSinceAutosave = 0;
    // Saved: nothing to recover any more (the recovery store keeps its assets until close).
    this.recovery.run('DELETE FROM document');
  }

  private assertOpen(): void {
    if (this.closed) throw new StudioError('conflict', 'the project is closed');
  }
}

/** Whether a database's log holds the event `seq` with this hash. */
function chainHas(db: Sqlite, seq: number, hash: string): boolean {
  const row = db.get<{ event: string }>('SELECT event FROM log WHERE seq = ?', [seq]);
  return Boolean(row && (JSON.parse(row.event) as { hash: string }).hash === hash);
}

/** What the engine derives from an asset and keeps beside it. */
/**
 * What the engine works out from an asset once and keeps beside it: an audio file's waveform
 * peaks; a video clip's preview proxy (small WebM any Chromium plays) and poster (PNG).
 */
export type DerivedKind = 'peaks' | 'proxy' | 'poster';
const DERIVED_MIME: Record<DerivedKind, string> = {
  peaks: 'application/x-atelier-peaks',
  proxy: 'video/webm',
  poster: 'image/png',
};
/** The derived blobs an asset of each kind has. */
const DERIVED_OF: Record<Asset['kind'], DerivedKind[]> = {
  image: [],
  audio: ['peaks'],
  video: ['proxy', 'poster'],
};

/** Where a derived blob is kept in the assets table: a hash of its kind and its asset's hash. */
export function derivedKey(kind: DerivedKind, sha256: string): string {
  return createHash('sha256').update(`atelier-${kind}-v1:${sha256}`).digest('hex');
}

/** Copies the assets the document uses (and what was derived from them) from the recovery store, where missing. */
function copyMissingAssets(target: Sqlite, doc: Document): void {
  const wanted = new Set(
    Object.values(doc.assets).flatMap((a) => [
      a.sha256,
      ...DERIVED_OF[a.kind].map((kind) => derivedKey(kind, a.sha256)),
    ]),
  );
  const rows = target.all<{ sha256: string }>(
    'SELECT r.sha256 FROM recovery.assets r LEFT JOIN main.assets m ON m.sha256 = r.sha256 WHERE m.sha256 IS NULL',
  );
  for (const { sha256 } of rows) {
    if (!wanted.has(sha256)) continue;
    target.run(
      'INSERT INTO main.assets (sha256, mime, size, data) SELECT sha256, mime, size, data FROM recovery.assets WHERE sha256 = ?',
      [sha256],
    );
  }
}

/** The log event for an applied edit: sanitized args for analysis, the edit itself for replay. */
function logInputFor(record: EditRecord, edit: Edit, durationMs: number): LogEventInput {
  switch (record.kind) {
    case 'command':
      return {
        type: 'command',
        name: record.command.type,
        targetIds: record.targets,
        args: record.command.args as Record<string, unknown>,
        durationMs,
        payload: { edit },
      };
    case 'gesture':
      return {
        type: 'gesture',
        name: record.label,
        targetIds: record.targets,
        args: { commands: record.commands.length, types: [...new Set(record.commands.map((c) => c.type))] },
        durationMs,
        payload: { edit },
      };
    case 'undo':
    case 'redo':
      return { type: record.kind, name: record.label, durationMs, payload: { edit } };
  }
}
