// Reading a study file: YAML (JSON is YAML too), then the schema of native/api/study.ts.
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { parse } from 'yaml';
import { StudioError } from '../api/errors';
import { parseStudyDefinition, type StudyDefinition } from '../api/study';

/** The largest study file read. */
export const MAX_STUDY_BYTES = 1_000_000;
export const STUDY_EXTENSIONS = ['.json', '.yaml', '.yml'] as const;

/**
 * Parses and checks a study file's text. `name` is the file's name: it must end in .json,
 * .yaml or .yml, and messages name it.
 *
 * @example
 * parseStudyText('id: s1\ntitle: …', 'fill-study.yaml') // → StudyDefinition, or a StudioError naming the mistake
 */
export function parseStudyText(text: string, name: string): { definition: StudyDefinition; sha256: string } {
  const extension = extname(name).toLowerCase();
  if (!(STUDY_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new StudioError(
      'invalid_argument',
      `${name}: a study file ends in ${STUDY_EXTENSIONS.join(', ')}`,
      'name',
    );
  }
  if (Buffer.byteLength(text, 'utf8') > MAX_STUDY_BYTES) {
    throw new StudioError('too_large', `${name} is larger than ${MAX_STUDY_BYTES / 1_000_000} MB`);
  }
  let value: unknown;
  try {
    // Unique keys: a key written twice is a mistake, not "the last one wins". Few aliases:
    // a small file must not expand into a huge one.
    value = parse(text, { uniqueKeys: true, maxAliasCount: 100 });
  } catch (error) {
    const format = extension === '.json' ? 'JSON' : 'YAML';
    const message = (error as Error).message.split('\n')[0];
    throw new StudioError('invalid_argument', `${name} is not valid ${format}: ${message}`);
  }
  const definition = parseStudyDefinition(value, name);
  const sha256 = createHash('sha256').update(JSON.stringify(definition)).digest('hex');
  return { definition, sha256 };
}
