import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { menus, tools, views } from './commands';
import { FileBrowser } from './FileBrowser';
import { IMAGE_EXTENSIONS, importImage } from './import-image';

function Modal({ title, children, onClose }: { title: string; children: React.ReactNode; onClose(): void }) {
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div role="dialog" aria-modal="true" aria-label={title} className="dialog">
        <header>
          <h2>{title}</h2>
        </header>
        {children}
        <footer>
          <button type="button" className="primary" onClick={onClose}>
            Close
          </button>
        </footer>
      </div>
    </div>
  );
}

function About({ onClose }: { onClose(): void }) {
  const info = useStudio((s) => s.info);
  return (
    <Modal title="About Atelier" onClose={onClose}>
      {info ? (
        <dl className="facts">
          <dt>Version</dt>
          <dd>{info.version}</dd>
          <dt>Mode</dt>
          <dd>{info.mode === 'web' ? 'Web (atelier serve)' : 'Desktop'}</dd>
          <dt>Platform</dt>
          <dd>
            {info.platform.os} {info.platform.arch} · Node {info.platform.node}
          </dd>
          <dt>Data folder</dt>
          <dd>{info.userDataDir}</dd>
          <dt>Inference</dt>
          <dd>
            <ul className="providers">
              {info.executionProviders.map((p) => (
                <li key={p.name} className={p.available ? 'ok' : 'muted'}>
                  {p.name.toUpperCase()} — {p.note}
                </li>
              ))}
            </ul>
          </dd>
        </dl>
      ) : (
        <p className="muted">Connecting to the engine…</p>
      )}
    </Modal>
  );
}

function Shortcuts({ onClose }: { onClose(): void }) {
  const rows = [
    ...menus.flatMap((m) =>
      m.items.filter((i) => i.keys).map((i) => [i.label.replace('…', ''), i.keys!] as const),
    ),
    ...tools.map((t) => [`${t.label} tool`, t.keys] as const),
    ...views.map((v) => [`${v.label} view`, v.keys] as const),
  ];
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose}>
      <table className="shortcuts">
        <tbody>
          {rows.map(([label, keys]) => (
            <tr key={label}>
              <td>{label}</td>
              <td>
                <kbd>{keys}</kbd>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}

export function Dialogs() {
  const studio = useStudioApi();
  const dialog = useStudio((s) => s.dialog);
  const openDialog = useStudio((s) => s.openDialog);
  const notify = useStudio((s) => s.notify);
  const close = () => openDialog(null);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'about':
      return <About onClose={close} />;
    case 'shortcuts':
      return <Shortcuts onClose={close} />;
    case 'file-browser':
      return dialog.purpose === 'import-image' ? (
        <FileBrowser
          title="Import image"
          extensions={IMAGE_EXTENSIONS}
          confirmLabel="Import"
          onCancel={close}
          onChoose={(path) => {
            close();
            void importImage(studio, { type: 'path', path });
          }}
        />
      ) : (
        <FileBrowser
          title="Open project"
          extensions={['atelier']}
          confirmLabel="Open"
          onCancel={close}
          onChoose={(path) => {
            close();
            notify('error', `Cannot open ${path}: this build cannot read .atelier projects yet.`);
          }}
        />
      );
  }
}

export function Notices() {
  const notices = useStudio((s) => s.notices);
  const dismiss = useStudio((s) => s.dismissNotice);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          <button type="button" className="small" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
