// "Keep consistent" outlives the session: kept per project in the browser's storage, read back
// as it was, and anything unreadable there reads as off rather than breaking the panel.
import { describe, expect, it } from 'vitest';
import {
  consistencyArg,
  consistencyKey,
  NO_CONSISTENCY,
  readConsistency,
  writeConsistency,
} from '../../../../renderer/app/frame-consistency';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

describe('frame consistency', () => {
  it('keeps each project’s settings apart and reads them back', () => {
    const storage = memoryStorage();
    const settings = { keep: true, seed: 1234, referencePrompt: 'watercolour, muted palette' };
    expect(writeConsistency(storage, 'project:a', settings)).toBe(true);
    expect(readConsistency(storage, 'project:a')).toEqual(settings);
    expect(readConsistency(storage, 'project:b')).toBe(NO_CONSISTENCY);
  });

  it('reads nothing usable as off', () => {
    const storage = memoryStorage();
    storage.items.set(consistencyKey('project:a'), '{not json');
    storage.items.set(
      consistencyKey('project:b'),
      JSON.stringify({ keep: true, seed: -1, referencePrompt: '' }),
    );
    expect(readConsistency(storage, 'project:a')).toBe(NO_CONSISTENCY);
    expect(readConsistency(storage, 'project:b')).toBe(NO_CONSISTENCY);
    expect(readConsistency(undefined, 'project:a')).toBe(NO_CONSISTENCY);
  });

  it('says when the storage refuses the settings', () => {
    const full = {
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(writeConsistency(full, 'project:a', NO_CONSISTENCY)).toBe(false);
    expect(writeConsistency(undefined, 'project:a', NO_CONSISTENCY)).toBe(false);
  });

  it('asks the engine for consistency only while it is on', () => {
    expect(consistencyArg({ keep: false, seed: 5, referencePrompt: 'ink' })).toBeNull();
    expect(consistencyArg({ keep: true, seed: 5, referencePrompt: '  ink  ' })).toEqual({
      seed: 5,
      referencePrompt: 'ink',
    });
  });
});
