import { useMemo } from 'react';
import { FAMILY_LABELS, type ModelInfo } from '../../native/api/models';
import { MAX_PROMPT_CHARS } from '../../native/api/project';
import { useStudio } from '../state/store';
import { setFrameConsistency } from './fill-actions';
import { NO_CONSISTENCY, readConsistency, type FrameConsistency } from './frame-consistency';
import { PromptFields, SeedInput, VariantsInput } from './generate-controls';
import { diffusionModels } from './prompt-settings';
import { fixedFrame } from '../research/study-logic';

const randomSeed = () => Math.floor(Math.random() * 2 ** 31);

/** What a model is, and whether its licence lets it make client work. */
export function licenceHint(model: ModelInfo): string {
  const licence = model.licence;
  return (
    `${model.family ? FAMILY_LABELS[model.family] : 'Unknown family'}. Licence: ${licence?.name ?? 'unknown'}` +
    (licence && !licence.commercialUse ? ' (non-commercial: client work asks first)' : '')
  );
}

/** The open project's "Keep consistent" settings (this session's, else the browser's). */
function useConsistency(): { projectId: string | null; consistency: FrameConsistency } {
  const projectId = useStudio((s) => s.project?.doc.id ?? null);
  const set = useStudio((s) => (projectId ? s.frameConsistency[projectId] : undefined));
  const consistency = useMemo(
    () => set ?? (projectId ? readConsistency(globalThis.localStorage, projectId) : NO_CONSISTENCY),
    [set, projectId],
  );
  return { projectId, consistency };
}

/**
 * The settings of a storyboard frame, shared by the Generate panel and a shot's "Generate
 * frame…": the Stable Diffusion model, the prompt, variants and seed, and "Keep consistent" (the
 * project's frames all start from one seed and one reference prompt).
 */
export function FrameFields() {
  const settings = useStudio((s) => s.frameSettings);
  const set = useStudio((s) => s.setFrameSettings);
  const allModels = useStudio((s) => s.models?.models);
  const models = diffusionModels(allModels);
  // A study participant's condition fixes the model and the variants, as in the Fill mode.
  const fixed = fixedFrame(useStudio((s) => s.study));
  const byStudy = 'Set by the study you are taking part in';
  const engine = fixed?.engine ?? settings.engine ?? (models[0] ? `model:${models[0].id}` : '');
  const variants = fixed?.variants ?? settings.variants;
  const chosen = models.find((m) => `model:${m.id}` === engine);
  const { projectId, consistency } = useConsistency();
  const keep = consistency.keep;
  const setConsistency = (patch: Partial<FrameConsistency>) => {
    if (!projectId) return;
    const fresh = consistency === NO_CONSISTENCY;
    setFrameConsistency(projectId, {
      ...consistency,
      // The first time on: the seed asked for, or a new one, from then on the project's.
      ...(fresh && patch.keep ? { seed: settings.randomSeed ? randomSeed() : settings.seed } : {}),
      ...patch,
    });
  };

  return (
    <div className="frame-fields">
      <label className="field">
        <span>Model</span>
        <select
          aria-label="Frame model"
          value={engine}
          disabled={fixed?.engine !== undefined}
          title={fixed?.engine !== undefined ? byStudy : undefined}
          onChange={(e) => set({ engine: e.target.value as `model:${string}` })}
        >
          {models.map((m) => (
            <option key={m.id} value={`model:${m.id}`}>
              {m.name} ({m.family ? FAMILY_LABELS[m.family] : 'unknown'})
            </option>
          ))}
          {engine && !chosen && <option value={engine}>{engine.replace(/^model:/, '')} (missing)</option>}
        </select>
      </label>
      <p className="muted small">
        {chosen
          ? licenceHint(chosen)
          : fixed?.engine !== undefined
            ? 'The model the study sets is not in the models folder'
            : 'This model is no longer in the models folder: choose another one'}
      </p>
      {fixed && (fixed.refused || fixed.engine !== undefined || fixed.variants !== undefined) && (
        <p className="muted small study-fixed" data-testid="study-fixed-frame">
          {fixed.refused ??
            (fixed.engine !== undefined && fixed.variants !== undefined
              ? 'The model and the number of variants are set by the study.'
              : fixed.engine !== undefined
                ? 'The model is set by the study.'
                : 'The number of variants is set by the study.')}
        </p>
      )}
      <PromptFields
        settings={settings}
        onChange={set}
        placeholder="What the frame shows, e.g. a lighthouse on a cliff at dusk, wide shot"
      />
      <div className="field-row">
        <VariantsInput
          value={variants}
          disabled={fixed?.variants !== undefined}
          title={fixed?.variants !== undefined ? byStudy : undefined}
          onChange={(n) => set({ variants: n })}
        />
        <SeedInput
          label="Seed"
          seed={settings.seed}
          random={settings.randomSeed || keep}
          onChange={(seed) => set({ seed })}
        />
      </div>
      <label className="field inline" title={keep ? 'Keep consistent sets the seed' : undefined}>
        <input
          type="checkbox"
          aria-label="Random seed"
          disabled={keep}
          checked={settings.randomSeed}
          onChange={(e) => set({ randomSeed: e.target.checked })}
        />
        <span>Random seed</span>
      </label>
      <label
        className="field inline"
        title="Every frame of this project starts from the same seed and the same reference prompt, so shots share a look"
      >
        <input
          type="checkbox"
          aria-label="Keep consistent"
          disabled={!projectId}
          checked={keep}
          onChange={(e) => setConsistency({ keep: e.target.checked })}
        />
        <span>Keep consistent across shots</span>
      </label>
      {keep && (
        <>
          <label className="field">
            <span>Reference prompt</span>
            <input
              aria-label="Reference prompt"
              maxLength={MAX_PROMPT_CHARS}
              placeholder="The look every frame shares, e.g. watercolour, muted palette"
              value={consistency.referencePrompt}
              onChange={(e) => setConsistency({ referencePrompt: e.target.value })}
            />
          </label>
          <SeedInput
            label="Consistent seed"
            seed={consistency.seed}
            random={false}
            onChange={(seed) => setConsistency({ seed })}
          />
          <p className="muted small" data-testid="consistency-hint">
            Every frame of this project starts from seed {consistency.seed}
            {consistency.referencePrompt.trim() ? ' and the reference prompt' : ''}; the first variant is the
            consistent one.
          </p>
        </>
      )}
    </div>
  );
}
