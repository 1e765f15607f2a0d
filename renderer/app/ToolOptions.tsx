import { useState } from 'react';
import { currentMask } from '../canvas/canvas-actions';
import { zoomToActual, zoomToFit } from '../canvas/view-actions';
import { useStudio } from '../state/store';

const MASK_TOOLS = new Set(['brush', 'eraser', 'select-rect', 'lasso']);

/** The options bar over the canvas (as Photoshop's): what the current tool does and how. */
export function ToolOptions() {
  const tool = useStudio((s) => s.tool);
  const brush = useStudio((s) => s.brush);
  const setBrush = useStudio((s) => s.setBrush);
  const shapeKind = useStudio((s) => s.shapeKind);
  const setShapeKind = useStudio((s) => s.setShapeKind);
  const overlay = useStudio((s) => s.maskOverlay);
  const toggleOverlay = useStudio((s) => s.toggleMaskOverlay);
  const safeZones = useStudio((s) => s.safeZones);
  const toggleSafeZones = useStudio((s) => s.toggleSafeZones);
  const [amount, setAmount] = useState(8);

  return (
    <div className="tool-options" role="toolbar" aria-label="Tool options">
      {(tool === 'brush' || tool === 'eraser') && (
        <>
          <label>
            Size
            <input
              type="range"
              min={1}
              max={500}
              value={brush.size}
              aria-label="Brush size"
              onChange={(e) => setBrush({ size: Number(e.target.value) })}
            />
            <output data-testid="brush-size">{brush.size} px</output>
          </label>
          <label>
            Hardness
            <input
              type="range"
              min={0}
              max={100}
              value={Math.round(brush.hardness * 100)}
              aria-label="Brush hardness"
              onChange={(e) => setBrush({ hardness: Number(e.target.value) / 100 })}
            />
            <output>{Math.round(brush.hardness * 100)}%</output>
          </label>
          <span className="muted">[ and ] change the size</span>
        </>
      )}
      {(tool === 'select-rect' || tool === 'lasso') && (
        <span className="muted">Drag to mask an area · Shift adds · Alt subtracts</span>
      )}
      {MASK_TOOLS.has(tool) && (
        <span className="mask-ops">
          <button type="button" className="small" onClick={() => currentMask()?.invert()}>
            Invert
          </button>
          <button type="button" className="small" onClick={() => currentMask()?.clear()}>
            Clear
          </button>
          <input
            type="number"
            min={1}
            max={500}
            value={amount}
            aria-label="Mask amount in pixels"
            onChange={(e) => setAmount(Math.max(1, Math.min(500, Number(e.target.value) || 1)))}
          />
          <span className="muted">px</span>
          <button type="button" className="small" onClick={() => currentMask()?.expand(amount)}>
            Expand
          </button>
          <button type="button" className="small" onClick={() => currentMask()?.expand(-amount)}>
            Contract
          </button>
          <button type="button" className="small" onClick={() => currentMask()?.feather(amount)}>
            Feather
          </button>
          <label>
            <input type="checkbox" checked={overlay} onChange={toggleOverlay} /> Show mask
          </label>
        </span>
      )}
      {tool === 'shape' && (
        <span role="radiogroup" aria-label="Shape">
          {(['rect', 'ellipse'] as const).map((kind) => (
            <button
              type="button"
              key={kind}
              role="radio"
              aria-checked={shapeKind === kind}
              className={shapeKind === kind ? 'small active' : 'small'}
              onClick={() => setShapeKind(kind)}
            >
              {kind === 'rect' ? 'Rectangle' : 'Ellipse'}
            </button>
          ))}
          <span className="muted">Drag to draw · Shift: square · Alt: from the centre</span>
        </span>
      )}
      {tool === 'text' && (
        <span className="muted">Click or drag a box to add text, then type it in Properties</span>
      )}
      <span className="spacer" />
      <label title="Where Stories and Reels cover the ad">
        <input type="checkbox" checked={safeZones} onChange={toggleSafeZones} /> Safe zones
      </label>
      <button type="button" className="small" onClick={zoomToFit} title="Fit on screen (Ctrl+0)">
        Fit
      </button>
      <button type="button" className="small" onClick={zoomToActual} title="Actual pixels (Ctrl+1)">
        100%
      </button>
    </div>
  );
}
