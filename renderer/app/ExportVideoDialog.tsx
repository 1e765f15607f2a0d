import { useState } from 'react';
import type { VideoFormat } from '../../native/api/jobs';
import { PLACEMENT_IDS, type PlacementId } from '../../native/model/placements';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { errorText } from './feedback';
import { FileBrowser } from './FileBrowser';

interface VideoChoice {
  placements: PlacementId[];
  format: VideoFormat;
  /** Null keeps the mix's own level. */
  loudnessLufs: number | null;
}

/**
 * File ▸ Export video…: the placements (one file each, in one job), the format, the loudness the
 * soundtrack is normalised to; then the folder the files go into.
 */
export function ExportVideoDialog({ onClose }: { onClose(): void }) {
  const studio = useStudioApi();
  const [choice, setChoice] = useState<VideoChoice>({
    placements: ['9:16'],
    format: 'mp4',
    loudnessLufs: -14,
  });
  const [choosing, setChoosing] = useState(false);
  const set = (patch: Partial<VideoChoice>) => setChoice((c) => ({ ...c, ...patch }));
  const toggle = (id: PlacementId, on: boolean) =>
    set({
      placements: on
        ? PLACEMENT_IDS.filter((p) => p === id || choice.placements.includes(p))
        : choice.placements.filter((p) => p !== id),
    });
  const run = async (dir: string) => {
    onClose();
    const { notify, setPanel } = useStudio.getState();
    try {
      await studio.project.exportVideo({ ...choice, dir });
      setPanel('jobs');
    } catch (error) {
      notify('error', errorText(error));
    }
  };
  if (choosing) {
    return (
      <FileBrowser
        title="Export video into…"
        mode="folder"
        extensions={[choice.format === 'stills' ? 'png' : choice.format]}
        confirmLabel="Export here"
        onCancel={onClose}
        onChoose={(path) => void run(path)}
      />
    );
  }
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div role="dialog" aria-modal="true" aria-label="Export video" className="dialog">
        <header>
          <h2>Export video</h2>
        </header>
        <fieldset className="field">
          <legend>Placements</legend>
          {PLACEMENT_IDS.map((id) => (
            <label key={id} className="field inline">
              <input
                type="checkbox"
                aria-label={`Placement ${id}`}
                checked={choice.placements.includes(id)}
                onChange={(e) => toggle(id, e.target.checked)}
              />
              <span>{id}</span>
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>Format</span>
          <select
            aria-label="Video format"
            value={choice.format}
            onChange={(e) => set({ format: e.target.value as VideoFormat })}
          >
            <option value="mp4">MP4 (H.264 + AAC)</option>
            <option value="webm">WebM (VP9 + Opus)</option>
            <option value="stills">Stills (one PNG per shot)</option>
          </select>
        </label>
        <label className="field">
          <span>Loudness</span>
          <select
            aria-label="Loudness"
            value={choice.loudnessLufs === null ? 'off' : String(choice.loudnessLufs)}
            onChange={(e) => set({ loudnessLufs: e.target.value === 'off' ? null : Number(e.target.value) })}
          >
            <option value="-14">−14 LUFS (streaming platforms)</option>
            <option value="-16">−16 LUFS</option>
            <option value="-23">−23 LUFS (EBU R 128 broadcast)</option>
            <option value="off">As mixed</option>
          </select>
        </label>
        <footer>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            disabled={choice.placements.length === 0}
            onClick={() => setChoosing(true)}
          >
            Export…
          </button>
        </footer>
      </div>
    </div>
  );
}
