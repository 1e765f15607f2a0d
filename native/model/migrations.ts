import { CURRENT_SCHEMA_VERSION } from './document';

/**
 * Migrations move a document forward one schema version each. Version 1 is the first schema,
 * so the list starts empty; the next schema change adds `{ version: 2, … }` together with a
 * fixture `tests/fixtures/documents/v1.json` → v2 (every old version keeps its fixture).
 */
export interface Migration {
  /** The schema version this migration produces. */
  version: number;
  description: string;
  up(doc: Record<string, unknown>): Record<string, unknown>;
}

export const migrations: readonly Migration[] = [];

/**
 * Migration numbers must run contiguously from 2 to the current version: a gap or a duplicate
 * is a programming error caught at start-up, not on a user's file.
 */
export function checkMigrations(list: readonly Migration[], current: number): void {
  list.forEach((migration, index) => {
    if (migration.version !== index + 2) {
      throw new Error(`migration #${index} produces version ${migration.version}; expected ${index + 2}`);
    }
  });
  const last = list.length === 0 ? 1 : list[list.length - 1]!.version;
  if (last !== current)
    throw new Error(`migrations end at version ${last} but the current schema is ${current}`);
}

checkMigrations(migrations, CURRENT_SCHEMA_VERSION);

/** Runs the migrations after `from` in order; the input is not modified. */
export function migrate(
  raw: Record<string, unknown>,
  from: number,
  list: readonly Migration[] = migrations,
): Record<string, unknown> {
  let doc = structuredCloneJson(raw);
  for (const migration of list) {
    if (migration.version > from) doc = { ...migration.up(doc), schemaVersion: migration.version };
  }
  return doc;
}

function structuredCloneJson(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
