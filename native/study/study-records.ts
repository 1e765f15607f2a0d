// Who has taken part in a study, kept in the user data folder (`studies/<id>.json`, written
// atomically): balanced assignment counts from it, and a returning participant keeps their
// condition. Only participants who consented are recorded.
import { z } from 'zod';
import type { StudyDefinition } from '../api/study';
import { JsonStore } from '../studio/json-store';

const RecordsSchema = z.strictObject({
  studyId: z.string(),
  participants: z.array(
    z.strictObject({ participantId: z.string(), conditionId: z.string(), consentedAt: z.number().int() }),
  ),
});
type Records = z.infer<typeof RecordsSchema>;

export class StudyRecords {
  private readonly store: JsonStore<typeof RecordsSchema>;

  constructor(path: string, studyId: string) {
    this.store = new JsonStore(path, RecordsSchema, () => ({ studyId, participants: [] }));
  }

  async participants(): Promise<Records['participants']> {
    return (await this.store.read()).participants;
  }

  /** Consented participants per condition id (every condition of the study, 0 where none). */
  async counts(study: StudyDefinition): Promise<Record<string, number>> {
    const counts = Object.fromEntries(study.conditions.map((c) => [c.id, 0]));
    for (const p of await this.participants()) {
      if (p.conditionId in counts) counts[p.conditionId]!++;
    }
    return counts;
  }

  /** Records a participant who consented (once: a returning one is already there). */
  async add(participantId: string, conditionId: string): Promise<void> {
    await this.store.update((records) =>
      records.participants.some((p) => p.participantId === participantId)
        ? records
        : {
            ...records,
            participants: [...records.participants, { participantId, conditionId, consentedAt: Date.now() }],
          },
    );
  }
}
