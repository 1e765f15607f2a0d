import { CURRENT_SCHEMA_VERSION, DocumentSchema, type Document } from './document';
import { integrityProblems } from './integrity';
import { migrate, migrations, type Migration } from './migrations';

export type DocumentProblem = 'not-a-document' | 'newer-version' | 'invalid' | 'damaged';

/** Why a document could not be loaded, in words a user can act on. */
export class DocumentError extends Error {
  override name = 'DocumentError';
  constructor(
    readonly problem: DocumentProblem,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * Loads a document from parsed JSON: checks the version, migrates older versions forward,
 * validates the schema and the references. Every failure is a DocumentError naming the cause.
 */
export function parseDocument(
  raw: unknown,
  list: readonly Migration[] = migrations,
  current = CURRENT_SCHEMA_VERSION,
): Document {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new DocumentError('not-a-document', 'the project document is not a JSON object');
  }
  const version = (raw as Record<string, unknown>).schemaVersion;
  if (!Number.isInteger(version) || (version as number) < 1) {
    throw new DocumentError('not-a-document', 'the project document has no valid schemaVersion');
  }
  if ((version as number) > current) {
    throw new DocumentError(
      'newer-version',
      `this project was saved by a newer version of Atelier (document schema ${version}; this version reads up to ${current}). Update Atelier to open it.`,
    );
  }
  const migrated = migrate(raw as Record<string, unknown>, version as number, list);
  const parsed = DocumentSchema.safeParse(migrated);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.');
    throw new DocumentError(
      'invalid',
      `the project document is invalid at ${field || 'its root'}: ${issue.message}`,
      field,
    );
  }
  const problems = integrityProblems(parsed.data);
  if (problems.length > 0)
    throw new DocumentError('damaged', `the project document is damaged: ${problems[0]}`);
  return parsed.data;
}
