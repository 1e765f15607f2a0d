import type { KeyboardEvent, PointerEvent } from 'react';
import type { Document, Shot } from '../../native/model/document';
import { secondsToFrames } from '../../native/model/time';
import { CommitField } from '../app/PropertiesPanel';
import { diffusionModels } from '../app/prompt-settings';
import type { AssetImages } from '../canvas/asset-images';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import {
  CAMERA_PRESETS,
  clampFraming,
  EASINGS,
  presetOf,
  withPreset,
  type CameraPresetId,
  type Easing,
  type Framing,
} from './camera-presets';
import { DEFAULT_TRANSITION_SECONDS } from './new-shot';
import { sourceOf, sourceOptions, sourceValue } from './shot-source';
import { formatSeconds, parseLength } from './shot-time';
import { ShotThumbnail } from './ShotThumbnail';
import { deleteShot, duplicateShot, stepShot, updateShot, type ShotPatch } from './storyboard-actions';

type Transition = Shot['transitionIn']['kind'];
const TRANSITIONS: { id: Transition; label: string }[] = [
  { id: 'cut', label: 'Cut' },
  { id: 'crossfade', label: 'Crossfade' },
  { id: 'dip-to-black', label: 'Dip to black' },
  { id: 'slide', label: 'Slide' },
];

/** The longest shot the document allows, in frames (ShotSchema). */
const MAX_SHOT_FRAMES = 10_000_000;

export interface ShotCardProps {
  doc: Document;
  shot: Shot;
  index: number;
  selected: boolean;
  dragging: boolean;
  images: AssetImages;
  imagesVersion: number;
  fontsReady: boolean;
  select(): void;
  /** Moves the keyboard focus to a shot's card once it is on the page (after an edit). */
  focusShot(id: string | null): void;
  /** The pointer went down on the card, away from its fields: maybe a drag. */
  press(e: PointerEvent<HTMLLIElement>): void;
}

/** Presses on these are for the field, not a drag of the card. */
const INTERACTIVE = 'input, textarea, select, button, summary, a, label';

/**
 * One shot of the storyboard: its picture, name and length, what it shows, how the camera
 * moves, how it comes in, and its caption and notes. Focused, Delete removes it, Alt+←/→
 * moves it, ←/→ go to the card beside it, Ctrl+D copies it.
 */
export function ShotCard(props: ShotCardProps) {
  const { doc, shot, index, selected, dragging, focusShot } = props;
  const studio = useStudioApi();
  const fps = doc.timeline.fps;
  const update = (patch: ShotPatch) => updateShot(studio, shot.id, patch);
  const notify = (text: string) => useStudio.getState().notify('error', text);
  // Frames need a Stable Diffusion model in the models folder.
  const canFrame = useStudio((s) => diffusionModels(s.models?.models).length > 0);

  const onKeyDown = (e: KeyboardEvent<HTMLLIElement>) => {
    if (e.target !== e.currentTarget) return; // keys in a field are the field's
    const chord = `${e.ctrlKey || e.metaKey ? 'Ctrl+' : ''}${e.altKey ? 'Alt+' : ''}${e.key}`;
    const order = doc.shotOrder;
    const at = order.indexOf(shot.id);
    let handled = true;
    switch (chord) {
      case 'Delete':
      case 'Backspace':
        focusShot(deleteShot(studio, shot.id));
        break;
      case 'Alt+ArrowLeft':
      case 'Alt+ArrowRight':
        if (stepShot(studio, shot.id, chord === 'Alt+ArrowLeft' ? -1 : 1)) focusShot(shot.id);
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
        focusShot(order[at - 1] ?? shot.id);
        break;
      case 'ArrowRight':
      case 'ArrowDown':
        focusShot(order[at + 1] ?? shot.id);
        break;
      case 'Home':
      case 'End':
        focusShot(chord === 'Home' ? (order[0] ?? null) : (order.at(-1) ?? null));
        break;
      case 'Ctrl+d':
      case 'Ctrl+D':
        focusShot(duplicateShot(studio, shot.id));
        break;
      default:
        handled = false;
    }
    // The studio's own keys (Delete deletes layers, arrows nudge them) must not act as well.
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  const durationField = (label: string, frames: number, min: number, apply: (frames: number) => void) => (
    <CommitField
      label={label}
      value={formatSeconds(frames, fps)}
      onCommit={(text) => {
        const n = parseLength(text, fps, min);
        if (n === null || n > MAX_SHOT_FRAMES)
          notify(`${label}: type a length in seconds (like 2.5) or a time code (like 0:02:15)`);
        else apply(n);
      }}
    />
  );

  const setTransition = (kind: Transition) => {
    const length =
      kind === 'cut'
        ? 0
        : shot.transitionIn.durationFrames ||
          Math.min(shot.durationFrames, secondsToFrames(DEFAULT_TRANSITION_SECONDS, fps));
    update({ transitionIn: { kind, durationFrames: length } });
  };

  const framingField = (end: 'from' | 'to', key: keyof Framing) => {
    const label = `${end === 'from' ? 'Start' : 'End'} ${key}`;
    return (
      <CommitField
        key={label}
        label={label}
        value={String(Math.round(shot.camera[end][key] * 1000) / 1000)}
        onCommit={(text) => {
          const n = Number(text);
          if (text.trim() === '' || !Number.isFinite(n)) return notify(`${label} must be a number`);
          update({ camera: { ...shot.camera, [end]: { ...shot.camera[end], [key]: clampFraming(key, n) } } });
        }}
      />
    );
  };

  const options = sourceOptions(doc);
  const preset = presetOf(shot.camera);
  const className = ['shot-card', selected && 'selected', dragging && 'dragging'].filter(Boolean).join(' ');

  return (
    <li
      className={className}
      aria-label={shot.name}
      tabIndex={0}
      data-shot-id={shot.id}
      data-duration-frames={shot.durationFrames}
      onFocus={props.select}
      onKeyDown={onKeyDown}
      onPointerDown={(e) => {
        if (e.button !== 0 || (e.target as HTMLElement).closest(INTERACTIVE)) return;
        props.press(e);
      }}
    >
      <div className="shot-head">
        <span className="shot-grip" aria-hidden="true" title="Drag to reorder">
          ⠿
        </span>
        <span className="shot-number">{index + 1}</span>
        <span className="shot-duration-badge muted">{formatSeconds(shot.durationFrames, fps)} s</span>
        <span className="spacer" />
        {canFrame && shot.source?.kind !== 'asset' && (
          <button
            type="button"
            className="small"
            aria-label={`Generate frame for ${shot.name}`}
            title={
              shot.source
                ? 'A picture for this shot’s artboard from a prompt (Stable Diffusion)'
                : 'A new artboard for this shot, with a picture from a prompt (Stable Diffusion)'
            }
            onClick={() => useStudio.getState().openDialog({ kind: 'generate-frame', shotId: shot.id })}
          >
            Generate frame…
          </button>
        )}
        <button
          type="button"
          className="small"
          aria-label={`Duplicate ${shot.name}`}
          title="Duplicate (Ctrl+D)"
          onClick={() => focusShot(duplicateShot(studio, shot.id))}
        >
          Duplicate
        </button>
        <button
          type="button"
          className="small"
          aria-label={`Delete ${shot.name}`}
          title="Delete (Delete)"
          onClick={() => focusShot(deleteShot(studio, shot.id))}
        >
          Delete
        </button>
      </div>
      <ShotThumbnail
        doc={doc}
        shot={shot}
        images={props.images}
        imagesVersion={props.imagesVersion}
        fontsReady={props.fontsReady}
      />
      <div className="shot-fields">
        <CommitField
          label="Name"
          value={shot.name}
          onCommit={(name) =>
            name.trim() ? update({ name: name.trim().slice(0, 200) }) : notify('A shot needs a name')
          }
        />
        <label className="field">
          <span>Picture</span>
          <select
            aria-label="Picture"
            value={sourceValue(shot.source)}
            onChange={(e) => update({ source: sourceOf(e.target.value) })}
          >
            {options
              .filter((o) => o.group === null)
              .map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            {(['Artboards', 'Images', 'Video clips'] as const).map((group) => {
              const inGroup = options.filter((o) => o.group === group);
              return (
                inGroup.length > 0 && (
                  <optgroup key={group} label={group}>
                    {inGroup.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </optgroup>
                )
              );
            })}
          </select>
        </label>
        {durationField('Duration (s)', shot.durationFrames, 1, (durationFrames) =>
          update({
            durationFrames,
            // A transition never outlasts the shot it leads into.
            ...(shot.transitionIn.durationFrames > durationFrames
              ? { transitionIn: { ...shot.transitionIn, durationFrames } }
              : {}),
          }),
        )}
        <label className="field">
          <span>Transition</span>
          <select
            aria-label="Transition"
            value={shot.transitionIn.kind}
            onChange={(e) => setTransition(e.target.value as Transition)}
          >
            {TRANSITIONS.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        {shot.transitionIn.kind !== 'cut' &&
          durationField('Transition length', shot.transitionIn.durationFrames, 0, (durationFrames) =>
            update({
              transitionIn: {
                ...shot.transitionIn,
                durationFrames: Math.min(durationFrames, shot.durationFrames),
              },
            }),
          )}
        <label className="field">
          <span>Camera</span>
          <select
            aria-label="Camera move"
            value={preset}
            onChange={(e) => update({ camera: withPreset(shot.camera, e.target.value as CameraPresetId) })}
          >
            {CAMERA_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
            <option value="custom" disabled>
              Custom
            </option>
          </select>
        </label>
        <label className="field">
          <span>Easing</span>
          <select
            aria-label="Easing"
            value={shot.camera.easing}
            onChange={(e) => update({ camera: { ...shot.camera, easing: e.target.value as Easing } })}
          >
            {EASINGS.map((easing) => (
              <option key={easing.id} value={easing.id}>
                {easing.label}
              </option>
            ))}
          </select>
        </label>
        <details className="shot-framing">
          <summary>Start and end framing</summary>
          <p className="muted">
            x and y: the middle of the frame, 0–1 across and down the picture; scale: 1 shows it whole, 2 half
            of it.
          </p>
          <div className="framing-grid">
            {(['from', 'to'] as const).flatMap((end) =>
              (['x', 'y', 'scale'] as const).map((key) => framingField(end, key)),
            )}
          </div>
        </details>
        <CommitField
          label="Caption"
          multiline
          value={shot.caption}
          onCommit={(caption) => update({ caption: caption.slice(0, 2000) })}
        />
        <CommitField
          label="Notes"
          multiline
          value={shot.notes}
          onCommit={(notes) => update({ notes: notes.slice(0, 10_000) })}
        />
      </div>
    </li>
  );
}
