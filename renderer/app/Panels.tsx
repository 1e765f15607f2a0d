import type { PanelId } from '../state/session-slice';
import { useStudio } from '../state/store';
import { JobsPanel } from './JobsPanel';

const panels: { id: PanelId; label: string }[] = [
  { id: 'layers', label: 'Layers' },
  { id: 'properties', label: 'Properties' },
  { id: 'generate', label: 'Generate' },
  { id: 'jobs', label: 'Jobs' },
];

function PanelBody({ id }: { id: PanelId }) {
  const hasWork = useStudio((s) => s.work !== null);
  switch (id) {
    case 'layers':
      return (
        <p className="empty-hint">
          {hasWork
            ? 'No layers yet. Import an image (Ctrl+I) or drop one on the canvas.'
            : 'Start or open a project to see its layers.'}
        </p>
      );
    case 'properties':
      return <p className="empty-hint">Select a layer to see and change its properties.</p>;
    case 'generate':
      return (
        <p className="empty-hint">Paint a mask with the brush (B), then choose an engine here to fill it.</p>
      );
    case 'jobs':
      return <JobsPanel />;
  }
}

export function Panels() {
  const panel = useStudio((s) => s.panel);
  const setPanel = useStudio((s) => s.setPanel);
  return (
    <aside className="panels" aria-label="Panels">
      <div className="panel-tabs" role="tablist">
        {panels.map((p) => (
          <button
            type="button"
            role="tab"
            key={p.id}
            aria-selected={panel === p.id}
            className={panel === p.id ? 'tab active' : 'tab'}
            onClick={() => setPanel(p.id)}
          >
            {p.label}
          </button>
        ))}
      </div>
      <section className="panel-body" role="tabpanel" aria-label={panels.find((p) => p.id === panel)?.label}>
        <PanelBody id={panel} />
      </section>
    </aside>
  );
}
