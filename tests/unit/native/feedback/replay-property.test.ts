// Property: whatever a person does — edits, undo, redo, drags, saves, closing with or without
// saving, reopening — replaying the project file's whole log reproduces the saved document.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { readEvents } from '../../../../native/feedback/log';
import { replay } from '../../../../native/feedback/replay';
import { verifyLog } from '../../../../native/feedback/verify';
import { inspectProjectFile } from '../../../../native/project/project-file';
import { ProjectSession } from '../../../../native/project/session';
import { Sqlite } from '../../../../native/project/sqlite';
import { Choices, randomEdit } from '../../../helpers/random-edits';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir('atelier-replay-');
afterAll(() => dir.cleanup());
let run = 0;

describe('replaying the log of a project file', () => {
  it('reproduces the saved document exactly, across sessions, saves and discarded edits', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 30, maxLength: 300 }),
        async (values) => {
          const options = { userDataDir: join(dir.path, `ud${run}`), appVersion: 'test' };
          const path = join(dir.path, `p${run++}.atelier`);
          const c = new Choices(values);
          let session = ProjectSession.createNew(options, {
            name: 'Prop',
            canvas: { name: 'A', width: 800, height: 600, placement: null },
          });
          await session.saveAs(path);
          for (let sessionNo = 0; sessionNo < 3; sessionNo++) {
            for (let i = 0; i < 25; i++) {
              session.apply(randomEdit(c, session.doc));
              if (c.next(10) === 0) session.save();
            }
            // End the session: saved, or closed with the last edits thrown away.
            if (c.next(2) === 0) session.save();
            session.close({ discard: true });
            session = ProjectSession.open(path, options);
          }
          const saved = session.doc;
          session.close();
          expect(inspectProjectFile(path).doc).toEqual(saved);
          const db = new Sqlite(path, { readonly: true });
          try {
            expect(verifyLog(db).ok).toBe(true);
            expect(replay(readEvents(db)).doc).toEqual(saved);
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
