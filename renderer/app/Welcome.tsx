import { useEffect, useState } from 'react';
import type { RecentProject } from '../../native/api/schemas';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { placements } from './placements';
import { newProject, openProject, openSample } from './project-actions';
import { StudyWelcome } from '../research/StudyWelcome';

function PresetShape({ width, height }: { width: number; height: number }) {
  const scale = 44 / Math.max(width, height);
  return <span className="preset-shape" style={{ width: width * scale, height: height * scale }} />;
}

export function Welcome() {
  const studio = useStudioApi();
  const openDialog = useStudio((s) => s.openDialog);
  const [recent, setRecent] = useState<RecentProject[] | null>(null);
  const [openingSample, setOpeningSample] = useState(false);

  useEffect(() => {
    studio.recent.list().then(setRecent, () => setRecent([]));
  }, [studio]);

  return (
    <div className="welcome" data-testid="welcome">
      <h1>Welcome to Atelier</h1>
      <p className="lede">Start a creative from a placement, or open a project.</p>
      <section>
        <h2>New from a placement</h2>
        <div className="presets">
          {placements.map((p) => (
            <button
              type="button"
              key={p.id}
              className="preset"
              onClick={() => void newProject(studio, p)}
              aria-label={`New ${p.name} ${p.width}×${p.height}`}
            >
              <PresetShape width={p.width} height={p.height} />
              <span className="preset-name">{p.name}</span>
              <span className="preset-size">
                {p.width}×{p.height} · {p.ratio}
              </span>
            </button>
          ))}
        </div>
      </section>
      <section className="welcome-row">
        <div>
          <h2>Open</h2>
          <button
            type="button"
            className="primary"
            onClick={() => openDialog({ kind: 'file-browser', purpose: 'open-project' })}
          >
            Open project…
          </button>
          <h2 className="welcome-sample-title">Sample</h2>
          <button
            type="button"
            aria-describedby="welcome-sample-about"
            disabled={openingSample}
            onClick={() => {
              setOpeningSample(true);
              // The welcome screen goes away when it opens; it stays (enabled again) if it fails.
              void openSample(studio).finally(() => setOpeningSample(false));
            }}
          >
            {openingSample ? 'Opening the sample…' : 'Open the sample campaign'}
          </button>
          <p id="welcome-sample-about" className="muted welcome-sample-about">
            A coffee brand’s launch: four artboards, a storyboard and a soundtrack, ready to play.
          </p>
        </div>
        <div className="recent">
          <h2>Recent</h2>
          {recent === null ? (
            <p className="muted">Loading…</p>
          ) : recent.length === 0 ? (
            <p className="muted">No recent projects yet. Projects you open or save appear here.</p>
          ) : (
            <ul>
              {recent.map((r) => (
                <li key={r.path}>
                  <button
                    type="button"
                    className="link"
                    title={r.path}
                    onClick={() => void openProject(studio, r.path)}
                  >
                    {r.name}
                  </button>
                  <span className="muted"> {new Date(r.openedAt).toLocaleDateString()}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>
      <StudyWelcome />
    </div>
  );
}
