import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CURRENT_SCHEMA_VERSION } from '../../../../native/model/document';
import { checkMigrations, migrate, migrations, type Migration } from '../../../../native/model/migrations';
import { DocumentError, parseDocument } from '../../../../native/model/parse';

const fixtures = join(import.meta.dirname, '../../../fixtures/documents');
const load = (name: string) =>
  JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as Record<string, unknown>;

function problem(fn: () => unknown): DocumentError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DocumentError);
    return error as DocumentError;
  }
  throw new Error('expected a DocumentError');
}

describe('document versions', () => {
  it('has one fixture per schema version, and each migrates to the current version and validates', () => {
    const files = readdirSync(fixtures).filter((f) => /^v\d+\.json$/.test(f));
    expect(files.map((f) => Number(f.slice(1, -5))).sort()).toEqual(
      Array.from({ length: CURRENT_SCHEMA_VERSION }, (_, i) => i + 1),
    );
    for (const file of files) {
      const doc = parseDocument(load(file));
      expect(doc.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    }
  });

  it('checks that migrations are numbered contiguously at start-up', () => {
    expect(() => checkMigrations(migrations, CURRENT_SCHEMA_VERSION)).not.toThrow();
    const m = (version: number): Migration => ({ version, description: '', up: (d) => d });
    expect(() => checkMigrations([m(2), m(4)], 4)).toThrow(/produces version 4; expected 3/);
    expect(() => checkMigrations([m(2), m(2)], 3)).toThrow(/expected 3/);
    expect(() => checkMigrations([m(2)], 3)).toThrow(/end at version 2 but the current schema is 3/);
  });

  it('runs the migrations after the version of the document, in order, without touching the input', () => {
    const seen: number[] = [];
    const step = (version: number): Migration => ({
      version,
      description: `to ${version}`,
      up: (d) => {
        seen.push(version);
        return { ...d, name: `${String(d.name)} → v${version}` };
      },
    });
    const v1 = load('v1.json');
    const migrated = migrate(v1, 1, [step(2), step(3)]);
    expect(migrated).toMatchObject({ schemaVersion: 3, name: 'Summer campaign → v2 → v3' });
    expect(seen).toEqual([2, 3]);
    expect(v1).toMatchObject({ schemaVersion: 1, name: 'Summer campaign' });
    expect(migrate({ ...v1, schemaVersion: 2 }, 2, [step(2), step(3)]).name).toBe('Summer campaign → v3');
  });
});

describe('loading a document', () => {
  it('refuses a newer version with a message naming both versions', () => {
    const e = problem(() => parseDocument({ ...load('v1.json'), schemaVersion: 99 }));
    expect(e.problem).toBe('newer-version');
    expect(e.message).toMatch(/newer version of Atelier \(document schema 99; this version reads up to 1\)/);
  });

  it('names the invalid field', () => {
    const doc = load('v1.json') as { layers: Record<string, { opacity: number }> };
    doc.layers['layer:photo']!.opacity = 3;
    const e = problem(() => parseDocument(doc));
    expect(e.problem).toBe('invalid');
    expect(e.field).toBe('layers.layer:photo.opacity');
  });

  it('reports broken references as damage', () => {
    const doc = load('v1.json') as { canvases: Record<string, { layerIds: string[] }> };
    doc.canvases['canvas:story']!.layerIds.push('layer:ghost');
    const e = problem(() => parseDocument(doc));
    expect(e.problem).toBe('damaged');
    expect(e.message).toMatch(/missing layer layer:ghost/);
  });

  it('refuses things that are not documents', () => {
    for (const raw of [null, 42, 'text', [], {}, { schemaVersion: 'one' }, { schemaVersion: 0 }]) {
      expect(problem(() => parseDocument(raw)).problem).toBe('not-a-document');
    }
  });
});
