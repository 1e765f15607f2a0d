import type { Document } from '../model/document';
import { Editor, type Edit } from '../model/editor';
import type { LogEvent } from '../model/feedback-events';
import { parseDocument } from '../model/parse';

/** Replay could not follow the log; names the event. */
export class ReplayError extends Error {
  override name = 'ReplayError';
  constructor(
    readonly seq: number,
    message: string,
  ) {
    super(`event ${seq}: ${message}`);
  }
}

/** How a session began: a new project, the saved file, or a recovery snapshot. */
export interface SessionStartPayload {
  base: 'new' | 'file' | 'recovery';
  /** The seq whose resulting document the session started from. */
  fromSeq: number;
}

/**
 * Rebuilds the document from the log, up to `toSeq` (default: the end). Each editing event is
 * applied with the same Editor the studio uses; a session that started from the saved file or a
 * recovery snapshot starts from the document as it stood at that seq, with a fresh undo history.
 */
export function replay(
  events: Iterable<LogEvent>,
  toSeq = Number.MAX_SAFE_INTEGER,
): { doc: Document; seq: number } {
  const states = new Map<number, Document>();
  let editor: Editor | null = null;
  let seq = 0;
  for (const event of events) {
    if (event.seq > toSeq) break;
    seq = event.seq;
    const payload = event.payload as Record<string, unknown> | null;
    switch (event.type) {
      case 'project.created': {
        try {
          editor = new Editor(parseDocument(payload?.document), Number.MAX_SAFE_INTEGER);
        } catch (error) {
          throw new ReplayError(seq, `the first document is unreadable: ${(error as Error).message}`);
        }
        break;
      }
      case 'session.started': {
        const start = payload as unknown as SessionStartPayload | null;
        if (!start || !editor) break;
        const base = states.get(start.fromSeq);
        if (!base)
          throw new ReplayError(
            seq,
            `the session starts from event ${start.fromSeq}, which is not in the log`,
          );
        editor = new Editor(base, Number.MAX_SAFE_INTEGER);
        break;
      }
      case 'study.logging-resumed': {
        // Edits made while a participant paused logging are not in the log: the event carries the
        // document as it stood when logging resumed.
        const document = (payload as { document?: unknown } | null)?.document;
        if (document !== undefined) {
          try {
            editor = new Editor(parseDocument(document), Number.MAX_SAFE_INTEGER);
          } catch (error) {
            throw new ReplayError(seq, `the document at resume is unreadable: ${(error as Error).message}`);
          }
        }
        break;
      }
      case 'session.ended': {
        // Edits thrown away at close: the document goes back to the saved one.
        const revertTo = (payload as { revertTo?: number | null } | null)?.revertTo;
        if (editor && typeof revertTo === 'number') {
          const base = states.get(revertTo);
          if (!base)
            throw new ReplayError(seq, `the session goes back to event ${revertTo}, which is not in the log`);
          editor = new Editor(base, Number.MAX_SAFE_INTEGER);
        }
        break;
      }
      case 'command':
      case 'gesture':
      case 'undo':
      case 'redo': {
        if (!editor) throw new ReplayError(seq, 'an edit before the project was created');
        const edit = payload?.edit as Edit | undefined;
        if (!edit) throw new ReplayError(seq, 'the edit is missing from the event');
        const result = editor.apply(edit);
        if (!result.ok) throw new ReplayError(seq, `the edit does not apply: ${result.reason}`);
        break;
      }
      default:
        break; // generation, export and tool events do not change the document
    }
    if (editor) states.set(seq, editor.doc);
  }
  if (!editor) throw new ReplayError(seq, 'the log has no project.created event');
  return { doc: editor.doc, seq };
}
