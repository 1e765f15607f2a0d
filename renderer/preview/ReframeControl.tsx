import { useRef } from 'react';
import type { StudioApi } from '../../native/api/contract';
import type { Command } from '../../native/model/commands/index';
import type { Document, Reframe, Shot } from '../../native/model/document';
import type { ShotId } from '../../native/model/ids';
import { shotReframe, type VideoPlacement } from '../../native/model/placements';
import { dispatch, gesture } from '../app/project-actions';
import { useStudioApi } from '../platform/studio-context';
import { sourceSize } from '../storyboard/shot-source';
import { cropFromView, MAX_CROP_ZOOM, viewFromCrop, type CropView } from './reframe-crop';

const MODES = [
  { mode: 'fit', label: 'Fit', title: 'Show all of the picture, with black bars' },
  { mode: 'fill', label: 'Fill', title: 'Cover the frame, cutting the picture’s long sides' },
  { mode: 'custom', label: 'Custom', title: 'Choose the part of the picture the frame shows' },
] as const;

const reframeCommand = (shot: Shot, placement: VideoPlacement, reframe: Reframe | null): Command => ({
  type: 'shot.reframe',
  args: { shotId: shot.id as ShotId, placement: placement.id, reframe },
});

/** A slider of the custom crop: dragging it is one undo step, "Reframe shot". */
function CropSlider(props: {
  studio: StudioApi;
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  text: string;
  command(value: number): Command;
}) {
  const sliding = useRef(false);
  return (
    <label className="reframe-slider">
      {props.label}
      <input
        type="range"
        aria-label={props.label}
        aria-valuetext={props.text}
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        onPointerDown={() => {
          sliding.current = true;
          gesture.begin('Reframe shot');
          window.addEventListener(
            'pointerup',
            () => {
              sliding.current = false;
              gesture.commit(props.studio);
            },
            { once: true },
          );
        }}
        onChange={(e) => {
          const command = props.command(Number(e.currentTarget.value));
          if (sliding.current) gesture.update(command);
          else dispatch(props.studio, command);
        }}
        // Arrow keys move the slider, not the playhead.
        onKeyDown={(e) => e.key !== 'Escape' && e.stopPropagation()}
      />
    </label>
  );
}

/**
 * How the shot under the playhead sits in one placement: fit, fill, or a custom crop set with
 * x, y and zoom sliders. Each choice is the `shot.reframe` command; the preview shows it at once.
 */
export function ReframeControl({
  doc,
  shot,
  placement,
}: {
  doc: Document;
  shot: Shot;
  placement: VideoPlacement;
}) {
  const studio = useStudioApi();
  const reframe = shotReframe(shot, placement.id);
  const picture = sourceSize(doc, shot.source);
  const view: CropView =
    picture && reframe.crop ? viewFromCrop(picture, placement, reframe.crop) : { x: 0.5, y: 0.5, zoom: 1 };
  const custom = (next: CropView): Command =>
    reframeCommand(shot, placement, { mode: 'custom', crop: cropFromView(picture!, placement, next) });
  const percent = (v: number) => `${Math.round(v * 100)}%`;

  return (
    <div className="reframe" role="group" aria-label={`Reframe ${shot.name} for ${placement.id}`}>
      <span className="muted small-text" title={`The shot under the playhead, in ${placement.id}`}>
        {shot.name}
      </span>
      <div className="segmented" role="radiogroup" aria-label="Reframe">
        {MODES.map(({ mode, label, title }) => (
          <button
            key={mode}
            type="button"
            role="radio"
            aria-checked={reframe.mode === mode}
            className={reframe.mode === mode ? 'small on' : 'small'}
            title={title}
            disabled={mode === 'custom' && !picture}
            onClick={() => {
              if (mode === reframe.mode) return;
              if (mode === 'custom') {
                // A crop set before comes back; else the crop starts as what fill shows.
                dispatch(
                  studio,
                  reframe.crop ? reframeCommand(shot, placement, { mode, crop: reframe.crop }) : custom(view),
                );
              } else {
                dispatch(studio, reframeCommand(shot, placement, { mode, crop: reframe.crop }));
              }
            }}
          >
            {label}
          </button>
        ))}
      </div>
      {reframe.mode === 'custom' && picture && (
        <>
          <CropSlider
            studio={studio}
            label="X"
            min={0}
            max={1}
            step={0.01}
            value={view.x}
            text={percent(view.x)}
            command={(x) => custom({ ...view, x })}
          />
          <CropSlider
            studio={studio}
            label="Y"
            min={0}
            max={1}
            step={0.01}
            value={view.y}
            text={percent(view.y)}
            command={(y) => custom({ ...view, y })}
          />
          <CropSlider
            studio={studio}
            label="Zoom"
            min={1}
            max={MAX_CROP_ZOOM}
            step={0.05}
            value={view.zoom}
            text={`${Math.round(view.zoom * 100) / 100}×`}
            command={(zoom) => custom({ ...view, zoom })}
          />
        </>
      )}
    </div>
  );
}
