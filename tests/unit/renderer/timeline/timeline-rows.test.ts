// Which rows the timeline shows: the video and captions rows once there is a story, then tracks.
import { describe, expect, it } from 'vitest';
import { timelineRows, trackAtRow } from '../../../../renderer/timeline/timeline-rows';
import { timelineDoc, track } from '../../../helpers/timeline-docs';

describe('timelineRows', () => {
  it('shows only the tracks of a timeline of audio alone', () => {
    const doc = timelineDoc({ tracks: [track('m'), track('v', 'voice')] });
    expect(timelineRows(doc)).toEqual([
      { kind: 'track', trackId: 'track:m' },
      { kind: 'track', trackId: 'track:v' },
    ]);
    expect(timelineRows(timelineDoc({}))).toEqual([]);
  });

  it('puts the video row and an empty captions row on top once there are shots', () => {
    const doc = { ...timelineDoc({ tracks: [track('m')] }), shotOrder: ['shot:a' as const] };
    const rows = timelineRows(doc);
    expect(rows).toEqual([
      { kind: 'video' },
      { kind: 'new-captions' },
      { kind: 'track', trackId: 'track:m' },
    ]);
    expect([0, 1, 2, 3].map((i) => trackAtRow(rows, i))).toEqual([null, null, 'track:m', null]);
  });

  it('shows a captions track in its place instead of the empty row', () => {
    const doc = timelineDoc({ tracks: [track('c', 'captions'), track('m')] });
    expect(timelineRows(doc)).toEqual([
      { kind: 'video' },
      { kind: 'track', trackId: 'track:c' },
      { kind: 'track', trackId: 'track:m' },
    ]);
  });
});
