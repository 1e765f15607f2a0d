import type { Document } from '../../native/model/document';

/**
 * One row of the timeline, top to bottom: the video track made from the storyboard's shots,
 * a captions row waiting for its first caption (until the document has a captions track),
 * then the document's tracks in their order.
 */
export type TimelineRow = { kind: 'video' } | { kind: 'new-captions' } | { kind: 'track'; trackId: string };

/**
 * The rows the timeline shows for `doc`. The video and captions rows are there once the
 * project has shots or captions; a timeline of audio alone shows only its tracks.
 *
 * @example
 * timelineRows(doc) // [{ kind: 'video' }, { kind: 'new-captions' }, { kind: 'track', trackId: 'track:…' }]
 */
export function timelineRows(doc: Pick<Document, 'shotOrder' | 'timeline'>): TimelineRow[] {
  const { timeline } = doc;
  const tracks = timeline.trackOrder.filter((id) => timeline.tracks[id]);
  const captions = tracks.some((id) => timeline.tracks[id]!.kind === 'captions');
  const rows: TimelineRow[] = [];
  if (doc.shotOrder.length > 0 || captions) {
    rows.push({ kind: 'video' });
    if (!captions) rows.push({ kind: 'new-captions' });
  }
  for (const trackId of tracks) rows.push({ kind: 'track', trackId });
  return rows;
}

/** The track of the row at `index`, or null (the video row, the empty captions row, past the end). */
export function trackAtRow(rows: readonly TimelineRow[], index: number): string | null {
  const row = rows[index];
  return row?.kind === 'track' ? row.trackId : null;
}
