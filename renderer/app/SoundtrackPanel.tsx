import { useEffect, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import { useStudioApi } from '../platform/studio-context';
import type { MusicVariant } from '../state/music-slice';
import { useStudio } from '../state/store';
import { RunningJob, SeedInput } from './generate-controls';
import {
  acceptMusic,
  discardAllMusic,
  discardMusicVariant,
  generateMusic,
  regenerateMusic,
  storyboardSeconds,
} from './music-actions';

/** One piece to preview: its waveform (wavesurfer.js), play/pause, accept, discard. */
function VariantPreview({ variant }: { variant: MusicVariant }) {
  const studio = useStudioApi();
  const box = useRef<HTMLDivElement>(null);
  const [player, setPlayer] = useState<WaveSurfer | null>(null);
  const [playing, setPlaying] = useState(false);
  useEffect(() => {
    if (!box.current) return;
    const ws = WaveSurfer.create({
      container: box.current,
      url: variant.url,
      height: 40,
      waveColor: '#6f7bd9',
      progressColor: '#b9c3ff',
      cursorColor: '#ffffff',
      barWidth: 2,
      barGap: 1,
      normalize: true,
    });
    ws.on('play', () => setPlaying(true));
    ws.on('pause', () => setPlaying(false));
    ws.on('finish', () => setPlaying(false));
    setPlayer(ws);
    return () => ws.destroy();
  }, [variant.url]);
  // MusicGen's key is not known (and its tempo is estimated): only what is known is shown.
  const label = [
    `Variant ${variant.index + 1}`,
    `${Math.round(variant.bpm)} bpm`,
    ...(variant.key ? [variant.key] : []),
    `seed ${variant.seed}`,
  ].join(' · ');
  return (
    <li className="music-variant" aria-label={`Variant ${variant.index + 1}`}>
      <div className="small">{label}</div>
      <div ref={box} className="music-wave" data-testid="variant-wave" />
      <div className="row">
        <button type="button" className="small" onClick={() => void player?.playPause()}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" className="small primary" onClick={() => void acceptMusic(studio, variant)}>
          Use
        </button>
        <button type="button" className="small" onClick={() => discardMusicVariant(studio, variant)}>
          Discard
        </button>
      </div>
    </li>
  );
}

/** Soundtracks: prompt, exact length, engine, variants, seed; preview each; use one on the music track. */
export function SoundtrackPanel() {
  const studio = useStudioApi();
  const settings = useStudio((s) => s.musicSettings);
  const set = useStudio((s) => s.setMusicSettings);
  const jobId = useStudio((s) => s.musicJobId);
  const staging = useStudio((s) => s.musicStaging);
  const storyboard = useStudio((s) => (s.project ? storyboardSeconds(s.project.doc) : null));
  const seconds = settings.seconds ?? storyboard ?? 30;
  const allModels = useStudio((s) => s.models?.models);
  const musicModels = (allModels ?? []).filter((m) => m.family === 'musicgen' && !m.problem);
  const chosen = musicModels.find((m) => `model:${m.id}` === settings.engine);
  return (
    <section className="properties soundtrack" aria-label="Soundtrack">
      <h3>Soundtrack</h3>
      <label className="field">
        <span>Prompt</span>
        <textarea
          aria-label="Music prompt"
          rows={2}
          placeholder="e.g. upbeat corporate, 120 bpm, in D major"
          value={settings.prompt}
          onChange={(e) => set({ prompt: e.target.value })}
        />
      </label>
      <p className="muted small">
        Mood and genre words (upbeat, calm, cinematic, corporate, playful, dramatic, lo-fi, electronic,
        acoustic…), a tempo (“slow”, “120 bpm”) and a key (“in D minor”).
      </p>
      <div className="field-row">
        <label className="field">
          <span>Length (s)</span>
          <input
            type="number"
            aria-label="Length in seconds"
            min={1}
            max={600}
            step={0.1}
            value={Math.round(seconds * 10) / 10}
            onChange={(e) => {
              const n = Number(e.target.value);
              if (Number.isFinite(n) && n >= 1 && n <= 600) set({ seconds: n });
            }}
          />
        </label>
        <label className="field">
          <span>Variants</span>
          <input
            type="number"
            aria-label="Music variants"
            min={1}
            max={4}
            value={settings.variants}
            onChange={(e) =>
              set({ variants: Math.max(1, Math.min(4, Math.round(Number(e.target.value)) || 1)) })
            }
          />
        </label>
      </div>
      <p className="muted small">
        {settings.seconds === null
          ? storyboard
            ? 'The storyboard’s length.'
            : 'No storyboard yet: 30 seconds.'
          : 'Exactly this long, ending on the last bar.'}
      </p>
      <label className="field">
        <span>Engine</span>
        <select
          aria-label="Music engine"
          value={settings.engine}
          onChange={(e) => set({ engine: e.target.value as typeof settings.engine })}
        >
          <option value="builtin">Built-in composer (royalty-free)</option>
          {musicModels.map((m) => (
            <option key={m.id} value={`model:${m.id}`}>
              {m.name} (MusicGen)
            </option>
          ))}
          {settings.engine !== 'builtin' && !chosen && (
            <option value={settings.engine}>{settings.engine.slice('model:'.length)} (missing)</option>
          )}
        </select>
      </label>
      {chosen && (
        <p className="muted small" data-testid="music-licence">
          {chosen.name} is licensed {chosen.licence?.name ?? 'unknown'}
          {chosen.licence && !chosen.licence.commercialUse ? ': not for commercial use' : ''}. At most 30 s;
          the tempo is estimated, the key is not known.
        </p>
      )}
      <div className="field-row">
        <SeedInput
          label="Music seed"
          seed={settings.seed}
          random={settings.randomSeed}
          onChange={(seed) => set({ seed })}
        />
        <label className="field inline">
          <input
            type="checkbox"
            aria-label="Random music seed"
            checked={settings.randomSeed}
            onChange={(e) => set({ randomSeed: e.target.checked })}
          />
          <span>Random</span>
        </label>
      </div>
      {jobId ? (
        <RunningJob jobId={jobId} label="Soundtrack progress" />
      ) : (
        <button type="button" className="primary" onClick={() => void generateMusic(studio)}>
          Compose
        </button>
      )}
      {staging && (
        <>
          <ul className="music-variants" aria-label="Soundtrack variants">
            {staging.variants.map((v) => (
              <VariantPreview key={v.url} variant={v} />
            ))}
          </ul>
          <div className="row">
            <button type="button" className="small" onClick={() => void regenerateMusic(studio)}>
              Regenerate
            </button>
            <button type="button" className="small" onClick={() => discardAllMusic(studio)}>
              Discard all
            </button>
          </div>
        </>
      )}
    </section>
  );
}
