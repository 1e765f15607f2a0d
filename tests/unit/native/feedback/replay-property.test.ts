// Property: whatever a person does — edits, undo, redo, drags, saves, save-as elsewhere, closing
// with or without saving, a crash and recovery — the project file's whole log replays to the
// saved document, and verifies.
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
  it('reproduces the saved document exactly, across sessions, save-as, discards and recoveries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 30, maxLength: 300 }),
        async (values) => {
          const id = run++;
          const options = { userDataDir: join(dir.path, `ud${id}`), appVersion: 'test' };
          let path = join(dir.path, `p${id}.atelier`);
          const c = new Choices(values);
          let session = ProjectSession.createNew(options, {
            name: 'Prop',
            canvas: { name: 'A', width: 800, height: 600, placement: null },
          });
          await session.saveAs(path);
          let open = true;
          for (let round = 0; round < 4; round++) {
            if (!open) {
              session = ProjectSession.open(path, options);
              open = true;
            }
            for (let i = 0; i < 20; i++) {
              session.apply(randomEdit(c, session.doc));
              if (c.next(12) === 0) session.save();
            }
            switch (c.next(4)) {
              case 0: // save and close
                session.save();
                session.close();
                open = false;
                break;
              case 1: // throw the edits away
                session.close({ discard: true });
                open = false;
                break;
              case 2: // save as another file, and go on there
                path = join(dir.path, `p${id}-as${round}.atelier`);
                await session.saveAs(path);
                break;
              default: {
                // the studio dies after an autosave; next start recovers the work
                session.autosave();
                const entries = ProjectSession.listRecoverable(options.userDataDir);
                const entry = entries.find((e) => e.originalPath === path);
                expect(entry).toBeDefined();
                session = ProjectSession.recover(entry!.recoveryPath, options);
                expect(session.path).toBe(path);
              }
            }
          }
          if (open) {
            if (c.next(2) === 0) session.save();
            session.close({ discard: true });
          }
          const saved = inspectProjectFile(path).doc;
          const db = new Sqlite(path, { readonly: true });
          try {
            expect(verifyLog(db)).toMatchObject({ ok: true });
            expect(replay(readEvents(db)).doc).toEqual(saved);
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 30 },
    );
  }, 180_000);
});
