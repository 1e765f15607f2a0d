import type { ShotId } from '../../native/model/ids';
import { FrameFields } from '../app/FrameForm';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { frameTarget, generateShotFrame } from './shot-frame';

/**
 * "Generate frame…" on a shot: the frame's prompt and settings, and where it will go (the shot's
 * artboard, or a new one made for it). Generate closes the dialog and shows the Canvas, where the
 * variants arrive in the staging strip.
 */
export function ShotFrameDialog({ shotId, onClose }: { shotId: string; onClose(): void }) {
  const studio = useStudioApi();
  const shot = useStudio((s) => s.project?.doc.shots[shotId]);
  const doc = useStudio((s) => s.project?.doc);
  const busy = useStudio((s) => s.fillJobId !== null);
  const prompt = useStudio((s) => s.frameSettings.prompt);
  if (!shot || !doc) return null;
  const target = frameTarget(doc, shot);
  const generate = () => {
    onClose();
    void generateShotFrame(studio, shotId as ShotId);
  };
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        role="dialog"
        aria-modal="true"
        aria-label="Generate frame"
        className="dialog generate frame-dialog"
      >
        <header>
          <h2>Generate frame for {shot.name}</h2>
        </header>
        <p className="muted" data-testid="frame-destination">
          {target?.kind === 'artboard'
            ? `Into the artboard “${target.name}” (${target.width}×${target.height}), as a new image layer.`
            : target
              ? `A new Story / Reel artboard (${target.width}×${target.height}) named “${target.name}” is made for this shot.`
              : 'This shot shows an image or a clip: choose an artboard or “No picture” for it first.'}
        </p>
        <FrameFields />
        <footer>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            disabled={!target || busy || prompt.trim() === ''}
            title={
              busy
                ? 'A fill or a frame is being made'
                : prompt.trim() === ''
                  ? 'Type what the frame shows'
                  : undefined
            }
            onClick={generate}
          >
            Generate
          </button>
        </footer>
      </div>
    </div>
  );
}
