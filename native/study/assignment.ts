// Which condition a participant works in: balanced (the condition with the fewest consented
// participants, ties drawn at random) or fixed by the study file.
import { randomInt } from 'node:crypto';
import { StudioError } from '../api/errors';
import type { StudyCondition, StudyDefinition } from '../api/study';

/**
 * @param counts consented participants so far, by condition id
 * @param pick draws an index below n (tests pass a seeded one)
 */
export function assignCondition(
  study: StudyDefinition,
  participantId: string,
  counts: Readonly<Record<string, number>>,
  pick: (n: number) => number = (n) => randomInt(n),
): StudyCondition {
  if (study.assignment.kind === 'fixed') {
    const id = study.assignment.participants[participantId];
    const condition = id === undefined ? undefined : study.conditions.find((c) => c.id === id);
    if (!condition) {
      throw new StudioError(
        'not_found',
        `${participantId} is not among this study's participants (it assigns a condition to each by id)`,
        'participantId',
      );
    }
    return condition;
  }
  const fewest = Math.min(...study.conditions.map((c) => counts[c.id] ?? 0));
  const candidates = study.conditions.filter((c) => (counts[c.id] ?? 0) === fewest);
  return candidates[pick(candidates.length)]!;
}

/** Letters and digits that cannot be misread (no 0/O, 1/I/L, U/V). */
const PSEUDONYM_ALPHABET = 'ABCDEFGHJKMNPQRSTWXYZ23456789';

/** A pseudonym like `P-7F3K2`, not one of `taken`. */
export function newParticipantId(
  taken: ReadonlySet<string>,
  pick: (n: number) => number = randomInt,
): string {
  for (;;) {
    let id = 'P-';
    for (let i = 0; i < 5; i++) id += PSEUDONYM_ALPHABET[pick(PSEUDONYM_ALPHABET.length)];
    if (!taken.has(id) && !/\d{6,}/.test(id)) return id;
  }
}
