import type { PanelId } from '../state/session-slice';
import { useStudio } from '../state/store';
import { HistoryPanel } from './HistoryPanel';
import { GeneratePanel } from './GeneratePanel';
import { JobsPanel } from './JobsPanel';
import { LayersPanel } from './LayersPanel';
import { ModelsPanel } from './ModelsPanel';
import { SoundtrackPanel } from './SoundtrackPanel';
import { PropertiesPanel } from './PropertiesPanel';

const panels: { id: PanelId; label: string }[] = [
  { id: 'layers', label: 'Layers' },
  { id: 'properties', label: 'Properties' },
  { id: 'history', label: 'History' },
  { id: 'generate', label: 'Generate' },
  { id: 'soundtrack', label: 'Soundtrack' },
  { id: 'models', label: 'Models' },
  { id: 'jobs', label: 'Jobs' },
];

function PanelBody({ id }: { id: PanelId }) {
  switch (id) {
    case 'layers':
      return <LayersPanel />;
    case 'properties':
      return <PropertiesPanel />;
    case 'history':
      return <HistoryPanel />;
    case 'generate':
      return <GeneratePanel />;
    case 'soundtrack':
      return <SoundtrackPanel />;
    case 'models':
      return <ModelsPanel />;
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
