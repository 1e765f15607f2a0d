import { useEffect, useRef, useState } from 'react';
import { AUDIO_TRACK_KINDS } from '../../native/model/clip-edit';
import type { Clip, Document } from '../../native/model/document';
import { formatTimecode, parseTimecode } from '../../native/model/time';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { formatGain } from './level';
import { TransportIcon } from './TransportIcon';
import {
  addTrack,
  AUDIO_EXTENSIONS,
  clipName,
  deleteSelectedClip,
  importAudioFiles,
  loopClipToFit,
  loopEndFor,
  setClipFades,
  setClipGain,
  TRACK_KIND_NAMES,
} from './timeline-actions';
import { endFrame, seek, stop, togglePlay } from './transport';
import { setCaptionText } from './caption-actions';
import { timelineRows } from './timeline-rows';

/** A text field that changes the document when it is left or Enter is pressed (Escape reverts). */
function CommitField(props: { label: string; value: string; width?: number; commit(text: string): void }) {
  const [text, setText] = useState(props.value);
  const [shown, setShown] = useState(props.value);
  // The document changed the value (undo, a drag): show the new one.
  if (shown !== props.value) {
    setShown(props.value);
    setText(props.value);
  }
  return (
    <label className="timeline-field">
      {props.label}
      <input
        type="text"
        aria-label={props.label}
        value={text}
        style={{ width: props.width ?? 64 }}
        onChange={(e) => setText(e.currentTarget.value)}
        onBlur={() => text !== props.value && props.commit(text)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
          if (e.key === 'Escape') setText(props.value);
        }}
      />
    </label>
  );
}

const seconds = (frames: number, fps: number) => `${Math.round((frames / fps) * 100) / 100}`;

/** The selected caption's text and Delete. */
function CaptionInspector({ clip }: { clip: Clip }) {
  const studio = useStudioApi();
  return (
    <div className="clip-inspector" role="group" aria-label="Selected caption">
      <CommitField
        label="Caption"
        value={clip.text ?? ''}
        width={220}
        commit={(text) => setCaptionText(studio, clip.id, text)}
      />
      <button
        type="button"
        className="small"
        title="Delete caption (Delete)"
        onClick={() => deleteSelectedClip(studio)}
      >
        Delete
      </button>
    </div>
  );
}

/** The selected clip's gain, fades, Loop to fit and Delete. */
function ClipInspector({ doc, clip }: { doc: Document; clip: Clip }) {
  const studio = useStudioApi();
  const fps = doc.timeline.fps;
  const music = doc.timeline.tracks[clip.trackId]?.kind === 'music';
  const [looping, setLooping] = useState(false);
  const suggested = loopEndFor(doc, clip);
  const [until, setUntil] = useState('');
  const parsedUntil = parseTimecode(until, fps);
  const toFrames = (text: string) => {
    const value = Number(text.replace(',', '.').replace(/s$/, ''));
    return Number.isFinite(value) ? Math.round(value * fps) : null;
  };
  return (
    <div className="clip-inspector" role="group" aria-label="Selected clip">
      <strong className="clip-inspector-name" title={clipName(doc, clip)}>
        {clipName(doc, clip)}
      </strong>
      <CommitField
        label="Gain (dB)"
        value={String(clip.gainDb)}
        width={52}
        commit={(t) => {
          const db = Number(t.replace(',', '.').replace(/\s*dB$/i, ''));
          if (Number.isFinite(db)) setClipGain(studio, clip, db);
        }}
      />
      <CommitField
        label="Fade in (s)"
        value={seconds(clip.fadeInFrames, fps)}
        width={48}
        commit={(t) => {
          const f = toFrames(t);
          if (f !== null) setClipFades(studio, clip, { in: f });
        }}
      />
      <CommitField
        label="Fade out (s)"
        value={seconds(clip.fadeOutFrames, fps)}
        width={48}
        commit={(t) => {
          const f = toFrames(t);
          if (f !== null) setClipFades(studio, clip, { out: f });
        }}
      />
      {music && !looping && (
        <button
          type="button"
          className="small"
          title="Repeat this clip after itself up to a chosen end"
          onClick={() => {
            setUntil(suggested > clip.startFrame + clip.durationFrames ? formatTimecode(suggested, fps) : '');
            setLooping(true);
          }}
        >
          Loop to fit…
        </button>
      )}
      {music && looping && (
        <form
          className="loop-form"
          aria-label="Loop to fit"
          onSubmit={(e) => {
            e.preventDefault();
            if (parsedUntil !== null && loopClipToFit(studio, clip, parsedUntil)) setLooping(false);
          }}
        >
          <label className="timeline-field">
            Until
            <input
              type="text"
              aria-label="Loop until"
              value={until}
              placeholder="0:30:00 or 30s"
              autoFocus
              style={{ width: 80 }}
              onChange={(e) => setUntil(e.currentTarget.value)}
              onKeyDown={(e) => e.key === 'Escape' && setLooping(false)}
            />
          </label>
          <span className="muted small-text">
            {suggested > 0 ? `other tracks end at ${formatTimecode(suggested, fps)}` : 'type a time'}
          </span>
          <button type="submit" className="small primary" disabled={parsedUntil === null}>
            Loop
          </button>
          <button type="button" className="small" onClick={() => setLooping(false)}>
            Cancel
          </button>
        </form>
      )}
      <span className="muted small-text">{formatGain(clip.gainDb)}</span>
      <button
        type="button"
        className="small"
        title="Delete clip (Delete)"
        onClick={() => deleteSelectedClip(studio)}
      >
        Delete
      </button>
    </div>
  );
}

export interface TimelineToolbarProps {
  onZoom(factor: number): void;
  onFit(): void;
  /** Where imported audio goes: the frame and track it was asked for at. */
  importAt(): { frame: number; trackId: string | null };
}

/** Add track, import, transport, time code, snapping, zoom; and the selected clip's settings. */
export function TimelineToolbar({ onZoom, onFit, importAt }: TimelineToolbarProps) {
  const studio = useStudioApi();
  const doc = useStudio((s) => s.project!.doc);
  const transport = useStudio((s) => s.transport);
  const snapping = useStudio((s) => s.snapping);
  const toggleSnapping = useStudio((s) => s.toggleSnapping);
  const selected = useStudio((s) =>
    s.selectedClipId ? s.project?.doc.timeline.clips[s.selectedClipId] : undefined,
  );
  const [menu, setMenu] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const timecode = useRef<HTMLOutputElement>(null);
  const fps = doc.timeline.fps;

  // The time code follows the playhead without re-rendering the toolbar.
  useEffect(() => {
    const show = (frame: number) => {
      if (timecode.current) timecode.current.textContent = formatTimecode(frame, fps);
    };
    show(useStudio.getState().playheadFrame);
    return useStudio.subscribe((s, before) => {
      if (s.playheadFrame !== before.playheadFrame) show(s.playheadFrame);
    });
  }, [fps]);

  useEffect(() => {
    if (!menu) return;
    const close = () => setMenu(false);
    window.addEventListener('pointerdown', close);
    return () => window.removeEventListener('pointerdown', close);
  }, [menu]);

  const playing = transport !== null;
  return (
    <div className="timeline-toolbar" role="toolbar" aria-label="Timeline">
      <div className="menu">
        <button
          type="button"
          className="small"
          aria-haspopup="menu"
          aria-expanded={menu}
          // Not seen by the window's close-on-press: the click itself toggles.
          onPointerDown={(e) => e.stopPropagation()}
          onClick={() => setMenu(!menu)}
        >
          Add track ▾
        </button>
        {menu && (
          <div role="menu" className="menu-items" onPointerDown={(e) => e.stopPropagation()}>
            {AUDIO_TRACK_KINDS.map((kind) => (
              <button
                type="button"
                role="menuitem"
                key={kind}
                onClick={() => {
                  setMenu(false);
                  addTrack(studio, kind);
                }}
              >
                {TRACK_KIND_NAMES[kind]} track
              </button>
            ))}
          </div>
        )}
      </div>
      <button type="button" className="small" onClick={() => file.current?.click()}>
        Import audio…
      </button>
      {timelineRows(doc)[0]?.kind === 'video' && (
        <button
          type="button"
          className="small"
          title="Type a caption that shows from the playhead for 2 s"
          onClick={() =>
            useStudio.getState().editCaption({ clipId: null, frame: useStudio.getState().playheadFrame })
          }
        >
          Add caption
        </button>
      )}
      <input
        ref={file}
        type="file"
        hidden
        multiple
        aria-label="Audio file to import"
        accept={['audio/*', ...AUDIO_EXTENSIONS.map((e) => `.${e}`)].join(',')}
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = '';
          if (files.length > 0) void importAudioFiles(studio, files, importAt());
        }}
      />
      <span className="separator" />
      <button
        type="button"
        className="small"
        aria-label="Go to start"
        title="Go to start (Home)"
        onClick={() => seek(0)}
      >
        <TransportIcon shape="start" />
      </button>
      <button
        type="button"
        className={playing ? 'small primary' : 'small'}
        aria-label={playing ? 'Pause' : 'Play'}
        title="Play / pause (Space); J, K, L shuttle"
        onClick={() => togglePlay(studio)}
      >
        <TransportIcon shape={playing ? 'pause' : 'play'} />
      </button>
      <button
        type="button"
        className="small"
        aria-label="Go to end"
        title="Go to end (End)"
        onClick={() => {
          stop();
          seek(endFrame());
        }}
      >
        <TransportIcon shape="end" />
      </button>
      <output ref={timecode} className="timecode" aria-label="Playhead time" data-testid="timecode" />
      {transport && (transport.rate !== 1 || transport.direction === -1) && (
        <span className="shuttle" data-testid="shuttle">
          {transport.direction === -1 ? '◀' : '▶'} {transport.rate}×
        </span>
      )}
      <span className="separator" />
      <button
        type="button"
        className={snapping ? 'small on' : 'small'}
        aria-pressed={snapping}
        title="Snap to frames, beats, clip edges and the playhead (S); hold Shift while dragging to turn it off"
        onClick={toggleSnapping}
      >
        Snap
      </button>
      <button
        type="button"
        className="small"
        aria-label="Zoom out"
        title="Zoom out (−)"
        onClick={() => onZoom(1 / 1.5)}
      >
        −
      </button>
      <button
        type="button"
        className="small"
        aria-label="Zoom in"
        title="Zoom in (+)"
        onClick={() => onZoom(1.5)}
      >
        +
      </button>
      <button type="button" className="small" title="Fit the whole cut in view" onClick={onFit}>
        Fit
      </button>
      {selected && doc.timeline.tracks[selected.trackId]?.kind === 'captions' && (
        <CaptionInspector key={selected.id} clip={selected} />
      )}
      {selected && doc.timeline.tracks[selected.trackId]?.kind !== 'captions' && (
        <ClipInspector key={selected.id} doc={doc} clip={selected} />
      )}
    </div>
  );
}
