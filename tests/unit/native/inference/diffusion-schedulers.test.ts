// The diffusion maths without models: the noise schedule, the timesteps for SD 1.5 and SD-Turbo,
// strength, the Euler and Euler-ancestral steps and classifier-free guidance against numbers worked
// out by hand, the seeded noise, and half-precision conversion.
import { describe, expect, it } from 'vitest';
import { isStudioError } from '../../../../native/api/errors';
import { GaussianNoise, gaussianNoise } from '../../../../native/inference/diffusion/rng';
import {
  ancestralSigmas,
  applyGuidance,
  eulerAncestralStep,
  eulerStep,
  inferenceTimesteps,
  inputScale,
  planSteps,
  SD15_SCHEDULE,
  SD_TURBO_SCHEDULE,
  sigmaAt,
  trainingSigmas,
} from '../../../../native/inference/diffusion/schedulers';
import { fromHalf, toHalf } from '../../../../native/inference/diffusion/tensors';

describe('the noise schedule (scaled-linear betas, 0.00085 … 0.012 over 1000 steps)', () => {
  const sigmas = trainingSigmas(SD15_SCHEDULE);

  it('σ_0 = √(β_0 / (1 − β_0)) and σ_999 ≈ 14.6146, as SD-Turbo documents', () => {
    expect(sigmas.length).toBe(1000);
    // ᾱ_0 = 1 − 0.00085 = 0.99915 → σ_0 = √(0.00085 / 0.99915)
    expect(sigmas[0]).toBeCloseTo(Math.sqrt(0.00085 / 0.99915), 12);
    // β_1 = (√0.00085 + (√0.012 − √0.00085)/999)², ᾱ_1 = 0.99915 × (1 − β_1)
    const beta1 = (Math.sqrt(0.00085) + (Math.sqrt(0.012) - Math.sqrt(0.00085)) / 999) ** 2;
    const alphaBar1 = 0.99915 * (1 - beta1);
    expect(sigmas[1]).toBeCloseTo(Math.sqrt((1 - alphaBar1) / alphaBar1), 12);
    expect(sigmas[999]).toBeCloseTo(14.6146, 3);
  });

  it('σ between two timesteps is interpolated linearly', () => {
    expect(sigmaAt(sigmas, 10.25)).toBeCloseTo(0.75 * sigmas[10]! + 0.25 * sigmas[11]!, 12);
    expect(sigmaAt(sigmas, 999)).toBe(sigmas[999]);
  });
});

describe('timesteps', () => {
  it('SD 1.5 ("leading", offset 1): 50 steps are 981, 961, …, 1', () => {
    const steps = inferenceTimesteps(50, SD15_SCHEDULE);
    expect(steps.length).toBe(50);
    expect(steps.slice(0, 3)).toEqual([981, 961, 941]);
    expect(steps.at(-1)).toBe(1);
    expect(inferenceTimesteps(10, SD15_SCHEDULE)).toEqual([901, 801, 701, 601, 501, 401, 301, 201, 101, 1]);
  });

  it('SD-Turbo ("trailing"): one step at 999, four at 999, 749, 499, 249', () => {
    expect(inferenceTimesteps(1, SD_TURBO_SCHEDULE)).toEqual([999]);
    expect(inferenceTimesteps(4, SD_TURBO_SCHEDULE)).toEqual([999, 749, 499, 249]);
    expect(inferenceTimesteps(3, SD_TURBO_SCHEDULE)).toEqual([999, 666, 332]);
    // 1000 − k·62.5 rounds halves to even, as NumPy does: 937.5 → 938, 812.5 → 812.
    expect(inferenceTimesteps(16, SD_TURBO_SCHEDULE).slice(0, 4)).toEqual([999, 937, 874, 811]);
  });

  it('"linspace": evenly from 999 down to 0', () => {
    expect(inferenceTimesteps(4, { ...SD15_SCHEDULE, spacing: 'linspace' })).toEqual([999, 666, 333, 0]);
  });

  it('a step count outside 1 … 150 is refused, naming the field', () => {
    for (const steps of [0, 1.5, 151]) {
      try {
        inferenceTimesteps(steps, SD15_SCHEDULE);
        expect.unreachable();
      } catch (error) {
        expect(isStudioError(error) && error.field).toBe('steps');
      }
    }
  });
});

describe('a run plan', () => {
  it('SD-Turbo, one step: from σ ≈ 14.6146 straight to 0; the first latents are noise × σ_max', () => {
    const plan = planSteps({ steps: 1, schedule: SD_TURBO_SCHEDULE });
    expect(plan.timesteps).toEqual([999]);
    expect(plan.sigmas[0]).toBeCloseTo(14.6146, 3);
    expect(plan.sigmas[1]).toBe(0);
    expect(plan.initSigma).toBe(plan.sigmas[0]);
  });

  it('SD 1.5 ("leading") starts from noise × √(σ_max² + 1)', () => {
    const plan = planSteps({ steps: 50, schedule: SD15_SCHEDULE });
    const sigmaMax = plan.sigmas[0]!;
    expect(plan.initSigma).toBeCloseTo(Math.sqrt(sigmaMax * sigmaMax + 1), 12);
    expect(plan.sigmas.length).toBe(51);
  });

  it('strength keeps the last ⌊steps × strength⌋ timesteps, and at least one', () => {
    expect(planSteps({ steps: 10, strength: 0.5, schedule: SD15_SCHEDULE }).timesteps).toEqual([
      401, 301, 201, 101, 1,
    ]);
    expect(planSteps({ steps: 10, strength: 0.75, schedule: SD15_SCHEDULE }).timesteps.length).toBe(7);
    expect(planSteps({ steps: 2, strength: 0.5, schedule: SD_TURBO_SCHEDULE }).timesteps).toEqual([499]);
    expect(planSteps({ steps: 4, strength: 0.1, schedule: SD15_SCHEDULE }).timesteps.length).toBe(1);
  });

  it('strength outside (0, 1] is refused', () => {
    expect(() => planSteps({ steps: 4, strength: 0, schedule: SD15_SCHEDULE })).toThrow(/strength/);
    expect(() => planSteps({ steps: 4, strength: 1.5, schedule: SD15_SCHEDULE })).toThrow(/strength/);
  });
});

describe('sampler steps', () => {
  it('the UNet input is scaled by 1/√(σ² + 1)', () => {
    expect(inputScale(0)).toBe(1);
    expect(inputScale(Math.sqrt(3))).toBeCloseTo(0.5, 12);
  });

  it('Euler: x + ε·(σ_next − σ)', () => {
    const x = Float32Array.of(1, -2, 0.5);
    eulerStep(x, Float32Array.of(0.5, 1, -4), 2, 1);
    // 1 + 0.5·(1 − 2) = 0.5; −2 + 1·(−1) = −3; 0.5 − 4·(−1) = 4.5
    expect(Array.from(x)).toEqual([0.5, -3, 4.5]);
  });

  it('Euler to σ = 0 lands on x₀ = x − σ·ε (SD-Turbo’s single step)', () => {
    const x = Float32Array.of(10);
    eulerStep(x, Float32Array.of(0.5), 14, 0);
    expect(x[0]).toBe(10 - 14 * 0.5);
  });

  it('Euler with v-prediction: x₀ = x/(σ²+1) − v·σ/√(σ²+1)', () => {
    // σ = √3: x = 2, v = 1 → x₀ = 2/4 − √3/2; to σ_next = 0 the step lands on x₀.
    const x = Float32Array.of(2);
    eulerStep(x, Float32Array.of(1), Math.sqrt(3), 0, 'v_prediction');
    expect(x[0]).toBeCloseTo(0.5 - Math.sqrt(3) / 2, 6);
  });

  it('Euler ancestral: σ_up = √(σ_next²(σ² − σ_next²)/σ²), σ_down = √(σ_next² − σ_up²)', () => {
    const { up, down } = ancestralSigmas(2, 1);
    expect(up).toBeCloseTo(Math.sqrt(0.75), 12); // 1·(4 − 1)/4
    expect(down).toBeCloseTo(0.5, 12); // √(1 − 0.75)
    const x = Float32Array.of(1);
    eulerAncestralStep(x, Float32Array.of(0.5), 2, 1, Float32Array.of(0.2));
    // 1 + 0.5·(0.5 − 2) + 0.2·√0.75
    expect(x[0]).toBeCloseTo(1 - 0.75 + 0.2 * Math.sqrt(0.75), 6);
  });

  it('Euler ancestral adds no noise on its last step and equals Euler there', () => {
    expect(ancestralSigmas(3, 0)).toEqual({ up: 0, down: 0 });
    const a = Float32Array.of(4);
    const b = Float32Array.of(4);
    eulerAncestralStep(a, Float32Array.of(0.25), 3, 0, null);
    eulerStep(b, Float32Array.of(0.25), 3, 0);
    expect(a[0]).toBe(b[0]);
  });
});

describe('classifier-free guidance', () => {
  it('the batch is [uncond, cond]: ε = ε_uncond + scale·(ε_cond − ε_uncond)', () => {
    const out = new Float32Array(2);
    // uncond = [1, 2], cond = [3, 1]
    applyGuidance(Float32Array.of(1, 2, 3, 1), 7.5, out);
    expect(Array.from(out)).toEqual([1 + 7.5 * 2, 2 + 7.5 * -1]); // [16, −5.5]
  });

  it('scale 1 gives the conditional half, scale 0 the unconditional one', () => {
    const out = new Float32Array(1);
    applyGuidance(Float32Array.of(1, 3), 1, out);
    expect(out[0]).toBe(3);
    applyGuidance(Float32Array.of(1, 3), 0, out);
    expect(out[0]).toBe(1);
  });
});

describe('seeded noise', () => {
  it('the same seed gives the same numbers, another seed others', () => {
    const a = gaussianNoise(42, 1000);
    expect(gaussianNoise(42, 1000)).toEqual(a);
    expect(gaussianNoise(43, 1000)).not.toEqual(a);
    expect(gaussianNoise(42 + 2 ** 32, 1000)).not.toEqual(a);
  });

  it('is standard normal: mean ≈ 0 and variance ≈ 1 over 100 000 draws', () => {
    const values = gaussianNoise(7, 100_000);
    let sum = 0;
    let squares = 0;
    for (const v of values) {
      sum += v;
      squares += v * v;
    }
    const mean = sum / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(squares / values.length - mean * mean).toBeCloseTo(1, 1);
  });

  it('a stream continues where it left off', () => {
    const rng = new GaussianNoise(5);
    const first = rng.fill(new Float32Array(10));
    const second = rng.fill(new Float32Array(10));
    expect(gaussianNoise(5, 20)).toEqual(Float32Array.from([...first, ...second]));
  });

  it('pins the first draws of seed 0, so a change to the generator (and to every seed’s image) is noticed', () => {
    const rng = new GaussianNoise(0);
    expect([rng.uint32(), rng.uint32(), rng.uint32()]).toEqual([4205396811, 3543653536, 1222415357]);
    const normal = new GaussianNoise(0);
    expect(normal.normal()).toBeCloseTo(0.6183948401474588, 14);
    expect(normal.normal()).toBeCloseTo(0.8696621377136453, 14);
  });
});

describe('half precision', () => {
  it('converts exactly where half precision is exact, and rounds to nearest even', () => {
    expect(toHalf(1)).toBe(0x3c00);
    expect(toHalf(-2)).toBe(0xc000);
    expect(toHalf(0.5)).toBe(0x3800);
    expect(toHalf(65504)).toBe(0x7bff);
    expect(toHalf(1e6)).toBe(0x7c00);
    expect(toHalf(2 ** -24)).toBe(0x0001);
    expect(toHalf(1 + 2 ** -11)).toBe(0x3c00); // halfway, to even
    expect(toHalf(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway, to even (up)
    for (const v of [0, 1, -2, 0.5, 65504, 2 ** -24, 999, 14.625]) expect(fromHalf(toHalf(v))).toBe(v);
    expect(fromHalf(toHalf(0.1))).toBeCloseTo(0.1, 3);
  });
});
