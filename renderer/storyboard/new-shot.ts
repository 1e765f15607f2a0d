import { ShotSchema, type Document, type Shot } from '../../native/model/document';
import { newId } from '../../native/model/ids';
import { secondsToFrames } from '../../native/model/time';
import { FULL_FRAME } from './camera-presets';

/** How long a new shot lasts until the designer says otherwise. */
export const DEFAULT_SHOT_SECONDS = 3;
/** The length a transition gets when a cut becomes a crossfade, a dip or a slide. */
export const DEFAULT_TRANSITION_SECONDS = 0.5;

const NAME_MAX = 200;

/**
 * Names for `count` new shots: "Shot N", numbered on from the highest "Shot N" there is, so a
 * name is never taken twice even after shots were deleted or reordered.
 *
 * @example
 * shotNames(doc, 2) // ['Shot 3', 'Shot 4'] when the storyboard has Shot 1 and Shot 2
 */
export function shotNames(doc: Document, count: number): string[] {
  let highest = 0;
  for (const shot of Object.values(doc.shots)) {
    const n = /^Shot (\d+)$/.exec(shot.name);
    if (n) highest = Math.max(highest, Number(n[1]));
  }
  return Array.from({ length: count }, (_, i) => `Shot ${highest + i + 1}`);
}

/**
 * A new shot showing `source` for DEFAULT_SHOT_SECONDS, cut in, camera still. Made through the
 * schema, so fields the schema fills in by default are there.
 */
export function newShot(doc: Document, source: Shot['source'], name: string): Shot {
  return ShotSchema.parse({
    id: newId('shot'),
    name,
    source,
    durationFrames: Math.max(1, secondsToFrames(DEFAULT_SHOT_SECONDS, doc.timeline.fps)),
    caption: '',
    notes: '',
    transitionIn: { kind: 'cut', durationFrames: 0 },
    camera: { from: { ...FULL_FRAME }, to: { ...FULL_FRAME }, easing: 'ease-in-out' },
  });
}

/** A copy of a shot under a new id, named "… copy"; every other field as it is. */
export function copyOfShot(shot: Shot): Shot {
  const name = `${shot.name.slice(0, NAME_MAX - ' copy'.length)} copy`;
  return ShotSchema.parse({ ...structuredClone(shot), id: newId('shot'), name });
}
