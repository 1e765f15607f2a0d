import { useState } from 'react';
import { placements } from '../app/placements';
import { useStudioApi } from '../platform/studio-context';
import { loadStudy } from './study-actions';
import { studyJson, type ConditionDraft, type StudyDraft } from './study-logic';
import './research.css';

const ENGINES = [
  { id: '', label: 'Participant chooses' },
  { id: 'auto', label: 'Built-in (automatic)' },
  { id: 'telea', label: 'Built-in: Telea' },
  { id: 'patchmatch', label: 'Built-in: PatchMatch' },
] as const;

const initial = (): StudyDraft => ({
  id: 'fill-study',
  title: 'Staging strip vs. inline results',
  consent:
    'We record what you do in the studio (never your images or your words) to compare two ways of working. You can pause the recording at any time.',
  conditions: [
    {
      id: 'staging',
      label: 'Variants in the staging strip',
      fillEngine: 'patchmatch',
      variants: 4,
      results: 'staging',
    },
    { id: 'inline', label: 'One result inline', fillEngine: 'patchmatch', variants: 1, results: 'inline' },
  ],
  task: {
    id: 'clean-up',
    title: 'Clean up the banner',
    instructions: 'Remove the logo from the picture with the mask brush (B) and Generate.',
    placement: placements[0]
      ? {
          id: placements[0].id,
          name: placements[0].name,
          width: placements[0].width,
          height: placements[0].height,
        }
      : null,
  },
  questionnaire: [
    {
      kind: 'likert',
      id: 'ease',
      prompt: 'It was easy to get a good result.',
      scale: 5,
      low: 'Strongly disagree',
      high: 'Strongly agree',
    },
    { kind: 'text', id: 'comments', prompt: 'Anything else you want to tell us?', maxChars: 500 },
  ],
});

function ConditionFields({
  index,
  value,
  onChange,
}: {
  index: number;
  value: ConditionDraft;
  onChange(patch: Partial<ConditionDraft>): void;
}) {
  const name = `Condition ${index + 1}`;
  return (
    <fieldset>
      <legend>{name}</legend>
      <label className="field">
        <span>Id</span>
        <input
          aria-label={`${name} id`}
          value={value.id}
          onChange={(e) => onChange({ id: e.target.value })}
        />
      </label>
      <label className="field">
        <span>Label</span>
        <input
          aria-label={`${name} label`}
          value={value.label}
          onChange={(e) => onChange({ label: e.target.value })}
        />
      </label>
      <label className="field">
        <span>Fill engine</span>
        <select
          aria-label={`${name} fill engine`}
          value={value.fillEngine}
          onChange={(e) => onChange({ fillEngine: e.target.value as ConditionDraft['fillEngine'] })}
        >
          {ENGINES.map((e) => (
            <option key={e.id} value={e.id}>
              {e.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Variants</span>
        <input
          type="number"
          min={1}
          max={8}
          aria-label={`${name} variants`}
          placeholder="participant chooses"
          value={value.variants ?? ''}
          onChange={(e) =>
            onChange({
              variants:
                e.target.value === ''
                  ? null
                  : Math.max(1, Math.min(8, Math.round(Number(e.target.value)) || 1)),
            })
          }
        />
      </label>
      <label className="field">
        <span>Results</span>
        <select
          aria-label={`${name} results`}
          value={value.results}
          onChange={(e) => onChange({ results: e.target.value as ConditionDraft['results'] })}
        >
          <option value="staging">Staging strip (choose among the variants)</option>
          <option value="inline">Inline (placed on the artboard at once)</option>
        </select>
      </label>
    </fieldset>
  );
}

/**
 * "New study…": a simple two-condition study with one task, written as a study file and loaded
 * as if it came from one (the engine checks it and names each mistake).
 */
export function StudyForm({ onClose }: { onClose(): void }) {
  const studio = useStudioApi();
  const [draft, setDraft] = useState<StudyDraft>(initial);
  const [busy, setBusy] = useState(false);
  const patch = (p: Partial<StudyDraft>) => setDraft((d) => ({ ...d, ...p }));
  const setCondition = (i: 0 | 1, p: Partial<ConditionDraft>) =>
    setDraft((d) => {
      const conditions: StudyDraft['conditions'] = [...d.conditions];
      conditions[i] = { ...conditions[i], ...p };
      return { ...d, conditions };
    });
  const setTask = (p: Partial<StudyDraft['task']>) => setDraft((d) => ({ ...d, task: { ...d.task, ...p } }));
  const likert = draft.questionnaire[0]!;
  const text = draft.questionnaire[1]!;
  const load = async () => {
    setBusy(true);
    const ok = await loadStudy(studio, {
      text: studyJson(draft),
      name: `${draft.id.trim() || 'study'}.json`,
    });
    setBusy(false);
    if (ok) onClose();
  };
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        role="dialog"
        aria-modal="true"
        aria-label="New study"
        className="dialog study-form"
        style={{ overflow: 'auto' }}
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <header>
          <h2>New study</h2>
        </header>
        <p className="muted small">
          Two conditions, one task and a short questionnaire; participants are assigned in balance. For more,
          write a study file (JSON or YAML) and use Study ▸ Load study….
        </p>
        <label className="field">
          <span>Study id</span>
          <input aria-label="Study id" value={draft.id} onChange={(e) => patch({ id: e.target.value })} />
        </label>
        <label className="field">
          <span>Title</span>
          <input
            aria-label="Study title"
            value={draft.title}
            onChange={(e) => patch({ title: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Consent text</span>
          <textarea
            aria-label="Consent text"
            rows={4}
            value={draft.consent}
            onChange={(e) => patch({ consent: e.target.value })}
          />
        </label>
        <ConditionFields index={0} value={draft.conditions[0]} onChange={(p) => setCondition(0, p)} />
        <ConditionFields index={1} value={draft.conditions[1]} onChange={(p) => setCondition(1, p)} />
        <fieldset>
          <legend>Task</legend>
          <label className="field">
            <span>Title</span>
            <input
              aria-label="Task title"
              value={draft.task.title}
              onChange={(e) => setTask({ title: e.target.value })}
            />
          </label>
          <label className="field">
            <span>Instructions</span>
            <textarea
              aria-label="Task instructions"
              rows={3}
              value={draft.task.instructions}
              onChange={(e) => setTask({ instructions: e.target.value })}
            />
          </label>
          <label className="field">
            <span>Starts with</span>
            <select
              aria-label="Task placement"
              value={draft.task.placement?.id ?? ''}
              onChange={(e) => {
                const p = placements.find((x) => x.id === e.target.value);
                setTask({
                  placement: p ? { id: p.id, name: p.name, width: p.width, height: p.height } : null,
                });
              }}
            >
              <option value="">Nothing open</option>
              {placements.map((p) => (
                <option key={p.id} value={p.id}>
                  A new {p.name} ({p.width}×{p.height})
                </option>
              ))}
            </select>
          </label>
        </fieldset>
        <fieldset>
          <legend>Questionnaire</legend>
          {likert.kind === 'likert' && (
            <>
              <label className="field">
                <span>Statement</span>
                <input
                  aria-label="Likert statement"
                  value={likert.prompt}
                  onChange={(e) => patch({ questionnaire: [{ ...likert, prompt: e.target.value }, text] })}
                />
              </label>
              <label className="field">
                <span>Scale</span>
                <select
                  aria-label="Likert scale"
                  value={likert.scale}
                  onChange={(e) =>
                    patch({
                      questionnaire: [{ ...likert, scale: Number(e.target.value) === 7 ? 7 : 5 }, text],
                    })
                  }
                >
                  <option value={5}>5 points</option>
                  <option value={7}>7 points</option>
                </select>
              </label>
            </>
          )}
          {text.kind === 'text' && (
            <label className="field">
              <span>Free text</span>
              <input
                aria-label="Free-text question"
                value={text.prompt}
                onChange={(e) => patch({ questionnaire: [likert, { ...text, prompt: e.target.value }] })}
              />
            </label>
          )}
        </fieldset>
        <footer>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Load this study
          </button>
        </footer>
      </form>
    </div>
  );
}
