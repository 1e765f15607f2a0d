/**
 * Typed, prefixed record ids (STYLE.md 5): `layer:k3J9…`. The prefix says what the id points
 * at, and the type system keeps a LayerId from being passed where an AssetId is expected.
 */
export type ProjectId = `project:${string}`;
export type AssetId = `asset:${string}`;
export type CanvasId = `canvas:${string}`;
export type LayerId = `layer:${string}`;
export type ShotId = `shot:${string}`;
export type TrackId = `track:${string}`;
export type ClipId = `clip:${string}`;

export const idPrefixes = ['project', 'asset', 'canvas', 'layer', 'shot', 'track', 'clip'] as const;
export type IdPrefix = (typeof idPrefixes)[number];
type IdOf = {
  project: ProjectId;
  asset: AssetId;
  canvas: CanvasId;
  layer: LayerId;
  shot: ShotId;
  track: TrackId;
  clip: ClipId;
};

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghjkmnpqrstvwxyz';

/**
 * A new random id with the given prefix (16 characters, ~92 bits).
 *
 * @example
 * const id = newId('layer'); // "layer:Qf3k…"
 */
export function newId<P extends IdPrefix>(prefix: P): IdOf[P] {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let body = '';
  for (const byte of bytes) body += ALPHABET[byte % ALPHABET.length];
  return `${prefix}:${body}` as IdOf[P];
}

export const ID_PATTERN = /^[a-z]+:[A-Za-z0-9_-]{1,64}$/;

export function idPrefix(id: string): string {
  return id.slice(0, id.indexOf(':'));
}
