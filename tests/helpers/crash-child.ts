// A child process for the reliability tests: it edits, saves, autosaves and appends to the log
// as fast as it can, announcing each step on stdout, until the test kills it with SIGKILL.
//   crash-child save <project.atelier> <userDataDir> <seed>
//   crash-child append <project.atelier> <seed>
import { createHash } from 'node:crypto';
import { writeSync } from 'node:fs';
import { canonicalJson } from '../../native/feedback/hash';
import { FeedbackLog, newSession } from '../../native/feedback/log';
import { openForSession } from '../../native/project/project-file';
import { ProjectSession } from '../../native/project/session';
import type { Document } from '../../native/model/document';
import { Choices, randomEdit } from './random-edits';

/**
 * Announces a step before the next one starts: a synchronous write, so a line is in the pipe
 * when the step after it begins (process.stdout to a pipe is asynchronous: under load its queue
 * would die with the process, and the test would see fewer steps than were taken).
 */
function say(line: string): void {
  const bytes = Buffer.from(`${line}\n`);
  for (let offset = 0; offset < bytes.length;) {
    try {
      offset += writeSync(1, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}
const hashOf = (doc: Document) => createHash('sha256').update(canonicalJson(doc)).digest('hex');
const [mode, path, third, fourth] = process.argv.slice(2);

if (mode === 'save') {
  const seed = Number(fourth);
  const session = ProjectSession.open(path!, { userDataDir: third!, appVersion: 'test' });
  say(`ready ${hashOf(session.doc)}`);
  const values = Array.from(
    { length: 100_000 },
    (_, i) => (Math.imul(seed + 1, 2654435761) ^ Math.imul(i + 1, 40503)) >>> 0,
  );
  const choices = new Choices(values);
  for (let i = 0; ; i++) {
    for (let k = 0; k < 1 + (i % 3); k++) session.apply(randomEdit(choices, session.doc));
    const op = choices.next(5) < 3 ? 'save' : 'autosave';
    const hash = hashOf(session.doc);
    say(`begin ${op} ${hash}`);
    if (op === 'save') session.save();
    else session.autosave();
    say(`done ${op} ${hash}`);
  }
} else if (mode === 'append') {
  const db = openForSession(path!);
  const log = new FeedbackLog(db, newSession('P-1', 'A'));
  say(`ready ${log.lastSeq}`);
  for (let i = 0; ; i++) {
    const event = log.append({ type: 'command', name: 'layer.update', targetIds: ['layer:x'], args: { i } });
    say(`seq ${event.seq}`);
  }
}
