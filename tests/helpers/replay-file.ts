import { readEvents } from '../../native/feedback/log';
import { replay } from '../../native/feedback/replay';
import { verifyLog } from '../../native/feedback/verify';
import { Sqlite } from '../../native/project/sqlite';

/** Replays a project file's whole log and verifies it, as `atelier replay` and `log verify` do. */
export function replayFile(path: string) {
  const db = new Sqlite(path, { readonly: true });
  try {
    return { doc: replay(readEvents(db)).doc, verified: verifyLog(db) };
  } finally {
    db.close();
  }
}
