import { useMemo, useState } from 'react';
import { placements } from './placements';
import { extendToPlacement } from './outpaint';
import { maskArea } from '../../native/compose/mask-ops';
import { currentMask } from '../canvas/canvas-actions';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { PromptFields, RunningJob, SeedInput, VariantsInput } from './generate-controls';
import { generateFill, generateFrame } from './fill-actions';
import { FAMILY_LABELS, isFillFamily, takesPrompt, type ModelInfo } from '../../native/api/models';
import { FrameFields } from './FrameForm';
import { diffusionModels } from './prompt-settings';
import { fixedFill, fixedFrame } from '../research/study-logic';

const BUILTIN = [
  {
    id: 'auto',
    label: 'Built-in (automatic)',
    hint: 'Telea for thin strokes and smooth areas, PatchMatch for larger holes in texture',
  },
  { id: 'telea', label: 'Built-in: Telea', hint: 'Fast; best for thin strokes, text and specks' },
  {
    id: 'patchmatch',
    label: 'Built-in: PatchMatch',
    hint: 'Copies texture from around the hole; best for larger areas',
  },
] as const;

interface EngineChoice {
  id: string;
  label: string;
  hint: string;
  /** Learned inpainting models are deterministic: one result per run. */
  oneResult: boolean;
  /** A Stable Diffusion model: it paints what the prompt describes. */
  prompted: boolean;
}

/** The built-in engines, then every ready model of the models folder. */
function engineChoices(models: ModelInfo[] | undefined, selected: string): EngineChoice[] {
  const choices: EngineChoice[] = [
    ...BUILTIN.map((e) => ({ ...e, oneResult: e.id === 'telea', prompted: false })),
    ...(models ?? [])
      .filter((m) => m.family && isFillFamily(m.family) && !m.problem)
      .map((m) => {
        const prompted = takesPrompt(m.family!);
        return {
          id: `model:${m.id}`,
          label: `${m.name} (${FAMILY_LABELS[m.family!]})`,
          hint:
            (prompted
              ? 'Paints into the mask what the prompt describes; one result per seed. '
              : 'A learned model; one result per run. ') +
            `Licence: ${m.licence?.name ?? 'unknown'}` +
            (m.licence && !m.licence.commercialUse ? ' (non-commercial)' : ''),
          oneResult: !prompted,
          prompted,
        };
      }),
  ];
  if (!choices.some((c) => c.id === selected)) {
    choices.push({
      id: selected,
      label: `${selected.replace(/^model:/, '')} (missing)`,
      hint: 'This model is no longer in the models folder: choose another engine',
      oneResult: true,
      prompted: false,
    });
  }
  return choices;
}

/** Extend the artboard to another placement and fill the new area with the engine above. */
function Outpaint({ width, height, busy }: { width: number; height: number; busy: boolean }) {
  const studio = useStudioApi();
  const others = placements.filter((p) => p.width !== width || p.height !== height);
  const [target, setTarget] = useState(others.find((p) => p.id === 'story')?.id ?? others[0]?.id ?? '');
  const chosen = others.find((p) => p.id === target) ?? others[0];
  return (
    <div className="outpaint">
      <h3>Extend to placement</h3>
      <p className="muted small">
        A copy of this artboard in another size, its picture centred; the new area is filled.
      </p>
      <label className="field">
        <span>Placement</span>
        <select aria-label="Extend to" value={chosen?.id ?? ''} onChange={(e) => setTarget(e.target.value)}>
          {others.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} · {p.ratio} · {p.width}×{p.height}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={!chosen || busy}
        onClick={() => chosen && void extendToPlacement(studio, chosen)}
      >
        Extend and fill
      </button>
    </div>
  );
}

/**
 * Generative fill: the engine, the prompt for a Stable Diffusion one, how many variants, the
 * seed; Generate, with progress and cancel.
 */
function FillSection() {
  const studio = useStudioApi();
  const settings = useStudio((s) => s.fillSettings);
  const set = useStudio((s) => s.setFillSettings);
  const jobId = useStudio((s) => s.fillJobId);
  const canvas = useStudio((s) =>
    s.selectedCanvasId ? s.project?.doc.canvases[s.selectedCanvasId] : undefined,
  );
  const maskId = canvas?.maskAssetId ?? null;
  const maskRevision = useStudio((s) => s.maskRevision);
  // The masked share of the artboard, from the pixels on screen (read again when the mask changes).
  const masked = useMemo(() => {
    const mask = maskId ? currentMask()?.current() : null;
    return mask ? maskArea(mask) / (mask.width * mask.height) : 0;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the pixels change under the same id
  }, [maskId, maskRevision]);
  const models = useStudio((s) => s.models?.models);
  // A study participant's condition fixes the engine and the number of variants.
  const study = useStudio((s) => s.study);
  const fixed = fixedFill(study);
  const engineId = fixed?.engine ?? settings.engine;
  const variants = fixed?.variants ?? settings.variants;
  const choices = engineChoices(models, engineId);
  const engine = choices.find((e) => e.id === engineId)!;
  const byStudy = 'Set by the study you are taking part in';

  return (
    <>
      <h3>Generative fill</h3>
      <p className="muted" data-testid="mask-status">
        {maskId && masked > 0
          ? `Mask: ${(masked * 100).toFixed(1)}% of the artboard`
          : 'No mask yet: paint the area to fill with the brush (B) or select it (M, L).'}
      </p>
      <label className="field">
        <span>Engine</span>
        <select
          aria-label="Engine"
          value={engineId}
          disabled={fixed?.engine !== undefined}
          title={fixed?.engine !== undefined ? byStudy : undefined}
          onChange={(e) => set({ engine: e.target.value as typeof settings.engine })}
        >
          {choices.map((e) => (
            <option key={e.id} value={e.id}>
              {e.label}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small">{engine.hint}</p>
      {fixed &&
        (fixed.engine !== undefined || fixed.variants !== undefined || fixed.results === 'inline') && (
          <p className="muted small study-fixed" data-testid="study-fixed">
            {[
              fixed.engine !== undefined && fixed.variants !== undefined
                ? 'The engine and the number of variants are set by the study.'
                : fixed.engine !== undefined
                  ? 'The engine is set by the study.'
                  : fixed.variants !== undefined
                    ? 'The number of variants is set by the study.'
                    : '',
              fixed.results === 'inline'
                ? 'The result is placed on the artboard at once; Undo (Ctrl+Z) takes it back.'
                : '',
            ]
              .filter(Boolean)
              .join(' ')}
          </p>
        )}
      {engine.prompted ? (
        <PromptFields
          settings={settings}
          onChange={set}
          placeholder="What to paint into the mask, e.g. a red kite in a clear sky"
        />
      ) : (
        <>
          <label className="field">
            <span>Prompt</span>
            <textarea aria-label="Prompt" rows={2} disabled placeholder="Not used by this engine" />
          </label>
          <p className="muted small">
            {engine.id.startsWith('model:')
              ? 'This model fills from the picture around the mask; a prompt needs a diffusion model.'
              : 'The built-in engines fill from the picture around the mask; a prompt needs a diffusion model.'}
          </p>
        </>
      )}
      <div className="field-row">
        <VariantsInput
          value={variants}
          disabled={engine.oneResult || fixed?.variants !== undefined}
          title={
            fixed?.variants !== undefined
              ? byStudy
              : engine.oneResult
                ? 'This engine gives the same result for every seed'
                : undefined
          }
          onChange={(n) => set({ variants: n })}
        />
        <SeedInput
          label="Seed"
          seed={settings.seed}
          random={settings.randomSeed}
          onChange={(seed) => set({ seed })}
        />
      </div>
      <label className="field inline">
        <input
          type="checkbox"
          aria-label="Random seed"
          checked={settings.randomSeed}
          onChange={(e) => set({ randomSeed: e.target.checked })}
        />
        <span>Random seed</span>
      </label>
      {jobId ? (
        <RunningJob jobId={jobId} label="Fill progress" />
      ) : (
        <button
          type="button"
          className="primary"
          // The engine checks the mask itself (the pixels here may still be loading).
          disabled={!maskId}
          title={maskId ? undefined : 'Paint or select the area to fill first'}
          onClick={() => void generateFill(studio)}
        >
          Generate
        </button>
      )}
    </>
  );
}

/** A storyboard frame for the shown artboard: a picture from a prompt, as an image layer over it. */
function FrameSection() {
  const studio = useStudioApi();
  const jobId = useStudio((s) => s.fillJobId);
  const canvas = useStudio((s) =>
    s.selectedCanvasId ? s.project?.doc.canvases[s.selectedCanvasId] : undefined,
  );
  // A study's condition that fixes a built-in fill engine allows no frames (FrameFields says why).
  const refused = fixedFrame(useStudio((s) => s.study))?.refused;
  return (
    <>
      <h3>Storyboard frame</h3>
      <p className="muted small" data-testid="frame-target">
        {canvas
          ? `A picture for ${canvas.name} (${canvas.width}×${canvas.height}) from a prompt, made in its shape and fitted to cover it; accepted, it becomes an image layer.`
          : 'Choose an artboard on the Canvas first.'}
      </p>
      <FrameFields />
      {jobId ? (
        <RunningJob jobId={jobId} label="Frame progress" />
      ) : (
        <button
          type="button"
          className="primary"
          disabled={!canvas || refused !== undefined}
          title={refused}
          onClick={() => void generateFrame(studio)}
        >
          Generate frame
        </button>
      )}
    </>
  );
}

/**
 * The Generate panel: generative fill of the mask, and (with a Stable Diffusion model in the
 * models folder) storyboard frames from a prompt; extend the artboard to another placement.
 */
export function GeneratePanel() {
  const mode = useStudio((s) => s.generateMode);
  const setMode = useStudio((s) => s.setGenerateMode);
  const jobId = useStudio((s) => s.fillJobId);
  const staging = useStudio((s) => s.staging);
  const canvas = useStudio((s) =>
    s.selectedCanvasId ? s.project?.doc.canvases[s.selectedCanvasId] : undefined,
  );
  const canFrame = useStudio((s) => diffusionModels(s.models?.models).length > 0);
  const shown = canFrame ? mode : 'fill';

  return (
    <section className="properties generate" aria-label="Generate">
      {canFrame && (
        <div className="segmented" role="group" aria-label="What to generate">
          <button
            type="button"
            className={shown === 'fill' ? 'small active' : 'small'}
            aria-pressed={shown === 'fill'}
            title="Fill the masked area of the artboard"
            onClick={() => setMode('fill')}
          >
            Fill
          </button>
          <button
            type="button"
            className={shown === 'frame' ? 'small active' : 'small'}
            aria-pressed={shown === 'frame'}
            title="A whole picture for the artboard from a prompt (storyboard frames)"
            onClick={() => setMode('frame')}
          >
            Frame
          </button>
        </div>
      )}
      {shown === 'fill' ? <FillSection /> : <FrameSection />}
      {staging && <p className="muted">Pick a variant in the strip over the canvas.</p>}
      {shown === 'fill' && canvas && <Outpaint width={canvas.width} height={canvas.height} busy={!!jobId} />}
    </section>
  );
}
