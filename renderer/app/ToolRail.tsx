import { useStudio } from '../state/store';
import { tools } from './commands';
import { ToolIcon } from './icons';

export function ToolRail() {
  const tool = useStudio((s) => s.tool);
  const setTool = useStudio((s) => s.setTool);
  const enabled = useStudio((s) => s.project !== null);
  return (
    <aside className="toolrail" aria-label="Tools">
      {tools.map((t) => (
        <button
          type="button"
          key={t.id}
          className={tool === t.id ? 'tool active' : 'tool'}
          aria-pressed={tool === t.id}
          aria-label={`${t.label} (${t.keys})`}
          title={`${t.label} (${t.keys})`}
          disabled={!enabled}
          onClick={() => setTool(t.id)}
        >
          <ToolIcon tool={t.id} />
        </button>
      ))}
    </aside>
  );
}
