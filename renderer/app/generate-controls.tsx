import { useState } from 'react';
import { MAX_PROMPT_CHARS } from '../../native/api/project';
import { useStudioApi } from '../platform/studio-context';
import type { PromptSettings } from '../state/fill-slice';
import { useStudio } from '../state/store';
import { MAX_GUIDANCE, MAX_STEPS, optionalNumber } from './prompt-settings';

/** A generation running in the job process: its progress, what it is doing, and Cancel. */
export function RunningJob({ jobId, label }: { jobId: string; label: string }) {
  const studio = useStudioApi();
  const job = useStudio((s) => s.jobs[jobId]);
  return (
    <div className="generate-progress" role="status">
      <progress max={1} value={job?.progress ?? 0} aria-label={label} />
      <span>{job?.stage ?? 'queued'}</span>
      <button
        type="button"
        className="small"
        onClick={() => void studio.jobs.cancel({ jobId: jobId as `job:${string}` })}
      >
        Cancel
      </button>
    </div>
  );
}

/** The seed field of a generator: a whole number from 0 to 2³¹ − 1, off while the seed is random. */
/** How many variants to ask for, 1 to 8; disabled (with `title` saying why) when fixed. */
export function VariantsInput(props: {
  value: number;
  disabled: boolean;
  title: string | undefined;
  onChange(variants: number): void;
}) {
  return (
    <label className="field">
      <span>Variants</span>
      <input
        type="number"
        aria-label="Variants"
        min={1}
        max={8}
        disabled={props.disabled}
        title={props.title}
        value={props.value}
        onChange={(e) => props.onChange(Math.max(1, Math.min(8, Math.round(Number(e.target.value)) || 1)))}
      />
    </label>
  );
}

export function SeedInput(props: {
  label: string;
  seed: number;
  random: boolean;
  onChange(seed: number): void;
}) {
  return (
    <label className="field">
      <span>Seed</span>
      <input
        type="number"
        aria-label={props.label}
        min={0}
        disabled={props.random}
        value={props.seed}
        onChange={(e) =>
          props.onChange(Math.max(0, Math.min(2 ** 31 - 1, Math.round(Number(e.target.value)) || 0)))
        }
      />
    </label>
  );
}

/**
 * An optional number (steps, guidance): empty leaves it to the model. What is typed stays as
 * typed while the field has the focus (a half-typed "7." is not rewritten); the settings get the
 * number at once.
 */
export function OptionalNumberField(props: {
  label: string;
  ariaLabel: string;
  value: number | null;
  min: number;
  max: number;
  whole: boolean;
  title: string;
  onChange(value: number | null): void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <label className="field" title={props.title}>
      <span>{props.label}</span>
      <input
        type="text"
        inputMode={props.whole ? 'numeric' : 'decimal'}
        aria-label={props.ariaLabel}
        placeholder="default"
        value={draft ?? (props.value === null ? '' : String(props.value))}
        onChange={(e) => {
          setDraft(e.target.value);
          props.onChange(optionalNumber(e.target.value, props.min, props.max, props.whole));
        }}
        onBlur={() => setDraft(null)}
      />
    </label>
  );
}

/**
 * What a Stable Diffusion model is asked for: the prompt, what to keep out of the picture, and
 * (optional) its steps and guidance.
 */
export function PromptFields({
  settings,
  onChange,
  placeholder,
}: {
  settings: PromptSettings;
  onChange(patch: Partial<PromptSettings>): void;
  placeholder: string;
}) {
  return (
    <>
      <label className="field">
        <span>Prompt</span>
        <textarea
          aria-label="Prompt"
          rows={3}
          maxLength={MAX_PROMPT_CHARS}
          placeholder={placeholder}
          value={settings.prompt}
          onChange={(e) => onChange({ prompt: e.target.value })}
        />
      </label>
      <label className="field">
        <span>Negative prompt</span>
        <input
          aria-label="Negative prompt"
          maxLength={MAX_PROMPT_CHARS}
          placeholder="What to keep out, e.g. blurry, text, watermark"
          value={settings.negativePrompt}
          onChange={(e) => onChange({ negativePrompt: e.target.value })}
        />
      </label>
      <div className="field-row">
        <OptionalNumberField
          label="Steps"
          ariaLabel="Steps"
          value={settings.steps}
          min={1}
          max={MAX_STEPS}
          whole
          title="Denoising steps (1–100); empty: the model's own (SD-Turbo needs 1–4, SD 1.5 about 25)"
          onChange={(steps) => onChange({ steps })}
        />
        <OptionalNumberField
          label="Guidance"
          ariaLabel="Guidance"
          value={settings.guidance}
          min={0}
          max={MAX_GUIDANCE}
          whole={false}
          title="How closely to follow the prompt (0–20); empty: the model's own (SD-Turbo 0, SD 1.5 7.5)"
          onChange={(guidance) => onChange({ guidance })}
        />
      </div>
    </>
  );
}
