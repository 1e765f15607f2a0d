import { useEffect } from 'react';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { acceptVariants, discardAll, discardVariant, regenerate, showVariant } from '../app/fill-actions';
import { isTyping } from '../app/typing';

/**
 * The variants of a fill, over the canvas: step through them, accept one or all, discard,
 * regenerate; hold \ (or the Compare button) to see the picture without the fill.
 */
export function StagingStrip() {
  const studio = useStudioApi();
  // Shown, and listening for keys, only over the artboard the variants belong to.
  const staging = useStudio((s) =>
    s.staging && s.staging.canvasId === s.selectedCanvasId ? s.staging : null,
  );
  const setComparing = useStudio((s) => s.setComparing);

  useEffect(() => {
    if (!staging) return;
    // Ahead of the studio's shortcuts while variants wait: arrows step, Enter accepts, Esc discards.
    const down = (e: KeyboardEvent) => {
      if (isTyping(e.target) || useStudio.getState().dialog) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return; // the studio's own chords go through
      const handled = (() => {
        if (e.key === 'ArrowRight' && !e.shiftKey) showVariant(studio, 1);
        else if (e.key === 'ArrowLeft' && !e.shiftKey) showVariant(studio, -1);
        else if (e.key === 'Enter' && !e.repeat && !(e.target instanceof HTMLButtonElement))
          void acceptVariants(studio, e.shiftKey);
        else if (e.key === 'Escape') discardAll(studio);
        else if (e.key === '\\') setComparing(true);
        else return false;
        return true;
      })();
      if (handled) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    const up = (e: KeyboardEvent) => {
      if (e.key === '\\') setComparing(false);
    };
    const blur = () => setComparing(false);
    window.addEventListener('keydown', down, { capture: true });
    window.addEventListener('keyup', up, { capture: true });
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down, { capture: true });
      window.removeEventListener('keyup', up, { capture: true });
      window.removeEventListener('blur', blur);
    };
  }, [staging, studio, setComparing]);

  if (!staging) return null;
  const v = staging.variants[staging.current]!;
  return (
    <div className="staging-strip" role="toolbar" aria-label="Variants">
      <button
        type="button"
        className="small"
        aria-label="Previous variant (←)"
        onClick={() => showVariant(studio, -1)}
      >
        ◀
      </button>
      <span data-testid="variant-label">
        Variant {staging.current + 1} of {staging.variants.length} · seed {v.seed} · {v.engine}
      </span>
      <button
        type="button"
        className="small"
        aria-label="Next variant (→)"
        onClick={() => showVariant(studio, 1)}
      >
        ▶
      </button>
      <button
        type="button"
        className="small"
        onPointerDown={() => setComparing(true)}
        onPointerUp={() => setComparing(false)}
        onPointerLeave={() => setComparing(false)}
        title="Hold to see the picture without the fill (or hold \)"
      >
        Compare
      </button>
      <button
        type="button"
        className="small primary"
        onClick={() => void acceptVariants(studio)}
        title="Enter"
      >
        Accept
      </button>
      {staging.variants.length > 1 && (
        <button
          type="button"
          className="small"
          onClick={() => void acceptVariants(studio, true)}
          title="Shift+Enter"
        >
          Accept all
        </button>
      )}
      <button type="button" className="small" onClick={() => discardVariant(studio)}>
        Discard
      </button>
      <button type="button" className="small" onClick={() => discardAll(studio)} title="Esc">
        Discard all
      </button>
      <button type="button" className="small" onClick={() => void regenerate(studio)}>
        Regenerate
      </button>
    </div>
  );
}
