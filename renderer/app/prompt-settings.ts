import {
  FAMILY_LABELS,
  isDiffusionFamily,
  modelIdOf,
  takesPrompt,
  type ModelFamily,
  type ModelInfo,
} from '../../native/api/models';

/** The most steps and the most guidance a generation takes (native/api/project.ts). */
export const MAX_STEPS = 100;
export const MAX_GUIDANCE = 20;

/**
 * An optional number field: empty is null (the model's own setting); anything else is read and
 * kept inside [min, max], whole when `whole`. Text that is no number reads as null too.
 *
 * @example
 * optionalNumber('', 1, 100, true) // null
 * optionalNumber('250', 1, 100, true) // 100
 */
export function optionalNumber(text: string, min: number, max: number, whole: boolean): number | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  if (!Number.isFinite(n)) return null;
  const clamped = Math.min(max, Math.max(min, n));
  return whole ? Math.round(clamped) : Math.round(clamped * 10) / 10;
}

/** The family of the model an engine names (`model:<id>`), or null for a built-in engine or a missing model. */
export function familyOf(
  models: readonly ModelInfo[] | undefined,
  engine: string | null,
): ModelFamily | null {
  const id = engine === null ? null : modelIdOf(engine);
  return (id !== null && models?.find((m) => m.id === id)?.family) || null;
}

/** The Stable Diffusion models ready to make a frame, SD-Turbo first (it is made for few steps). */
export function diffusionModels(models: readonly ModelInfo[] | undefined): ModelInfo[] {
  const ready = (models ?? []).filter((m) => m.family && isDiffusionFamily(m.family) && !m.problem);
  return ready.sort((a, b) => Number(b.family === 'sd-turbo') - Number(a.family === 'sd-turbo'));
}

/**
 * Why a prompted generation cannot start, or null when it can: a Stable Diffusion engine needs a
 * prompt (the engine refuses an empty one too; saying so here spares a round trip).
 */
export function promptProblem(
  family: ModelFamily | null,
  prompt: string,
  what: 'fill' | 'frame',
): string | null {
  if (prompt.trim() !== '') return null;
  if (what === 'frame') return 'Type a prompt: the frame is made from what it describes';
  if (family && takesPrompt(family))
    return `Type a prompt: ${FAMILY_LABELS[family]} paints into the mask what the prompt describes`;
  return null;
}
