import { memo, useRef, useState } from 'react';
import { isAudioTrackKind } from '../../native/model/clip-edit';
import type { Track } from '../../native/model/document';
import { useStudioApi } from '../platform/studio-context';
import { gesture } from '../app/project-actions';
import { HEADER_WIDTH, TRACK_HEIGHT } from './layout';
import { formatGain } from './level';
import { removeTrack, TRACK_KIND_NAMES, updateTrack } from './timeline-actions';

const KIND_LABELS: Record<Track['kind'], string> = {
  ...TRACK_KIND_NAMES,
  video: 'Video',
  captions: 'Captions',
};

/**
 * A track's header: its name (double-click to rename), kind, mute, solo, gain and delete.
 * `targeted`: imports go to this track.
 */
export const TrackHeader = memo(function TrackHeader({
  track,
  targeted,
}: {
  track: Track;
  targeted: boolean;
}) {
  const studio = useStudioApi();
  const [renaming, setRenaming] = useState(false);
  // Captions have no sound: mute hides them; solo and gain are for audio.
  const audio = isAudioTrackKind(track.kind);
  const sliding = useRef(false);

  const setGain = (gainDb: number) => {
    if (sliding.current)
      gesture.update({ type: 'track.update', args: { trackId: track.id, patch: { gainDb } } });
    else updateTrack(studio, track.id, { gainDb });
  };

  return (
    <div
      className={`track-header track-${track.kind}${targeted ? ' targeted' : ''}`}
      role="group"
      aria-label={`${track.name} track`}
      data-track-id={track.id}
      style={{ width: HEADER_WIDTH, height: TRACK_HEIGHT }}
    >
      <div className="track-title">
        {renaming ? (
          <input
            className="track-name-input"
            aria-label="Track name"
            defaultValue={track.name}
            autoFocus
            maxLength={200}
            onBlur={(e) => {
              const name = e.currentTarget.value.trim();
              if (name && name !== track.name) updateTrack(studio, track.id, { name });
              setRenaming(false);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') e.currentTarget.blur();
              if (e.key === 'Escape') {
                e.currentTarget.value = track.name;
                e.currentTarget.blur();
              }
            }}
          />
        ) : (
          <span className="track-name" title="Double-click to rename" onDoubleClick={() => setRenaming(true)}>
            {track.name}
          </span>
        )}
        <span className="track-kind">{KIND_LABELS[track.kind]}</span>
      </div>
      <div className="track-controls">
        <button
          type="button"
          className={track.muted ? 'track-toggle on mute' : 'track-toggle'}
          aria-pressed={track.muted}
          aria-label={`Mute ${track.name}`}
          title={audio ? 'Mute' : 'Hide in the preview and the export'}
          onClick={() => updateTrack(studio, track.id, { muted: !track.muted })}
        >
          M
        </button>
        {audio && (
          <>
            <button
              type="button"
              className={track.solo ? 'track-toggle on solo' : 'track-toggle'}
              aria-pressed={track.solo}
              aria-label={`Solo ${track.name}`}
              title="Solo"
              onClick={() => updateTrack(studio, track.id, { solo: !track.solo })}
            >
              S
            </button>
            <input
              type="range"
              className="track-gain"
              min={-60}
              max={12}
              step={0.5}
              value={track.gainDb}
              aria-label={`${track.name} gain`}
              aria-valuetext={formatGain(track.gainDb)}
              title={`Track gain ${formatGain(track.gainDb)} (double-click for 0 dB)`}
              onPointerDown={() => {
                // A drag of the slider is one undo step, wherever the button comes up.
                sliding.current = true;
                gesture.begin('Change gain');
                window.addEventListener(
                  'pointerup',
                  () => {
                    sliding.current = false;
                    gesture.commit(studio);
                  },
                  { once: true },
                );
              }}
              onDoubleClick={() => updateTrack(studio, track.id, { gainDb: 0 })}
              onChange={(e) => setGain(Number(e.currentTarget.value))}
              // Arrow keys move the slider, not the playhead.
              onKeyDown={(e) => e.key !== 'Escape' && e.stopPropagation()}
            />
            <span className="track-gain-value">{formatGain(track.gainDb)}</span>
          </>
        )}
        <button
          type="button"
          className="track-toggle"
          aria-label={`Delete track ${track.name}`}
          title="Delete track"
          onClick={() => removeTrack(studio, track.id)}
        >
          ×
        </button>
      </div>
    </div>
  );
});
