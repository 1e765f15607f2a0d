import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { menus, tools, views } from './commands';
import { FileBrowser } from './FileBrowser';
import { addModelFile } from './ModelsPanel';
import { isStudioError } from '../../native/api/errors';
import { ExportDestination, ExportDialog } from './ExportDialog';
import { ExportVideoDialog } from './ExportVideoDialog';
import { ShotFrameDialog } from '../storyboard/ShotFrameDialog';
import { IMAGE_EXTENSIONS, importImage } from './import-image';
import { openProject, recoverProject, saveProjectAs } from './project-actions';
import type { Question } from '../state/ui-slice';
import { useEffect, useState } from 'react';
import type { RecoveryEntryInfo } from '../../native/api/project';
import { Dashboard } from '../research/dashboard/Dashboard';
import { loadStudy } from '../research/study-actions';
import { StudyForm } from '../research/StudyForm';

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

function QuestionDialog({ question }: { question: Question }) {
  return (
    <div className="dialog-backdrop">
      <div role="alertdialog" aria-modal="true" aria-label={question.title} className="dialog">
        <header>
          <h2>{question.title}</h2>
        </header>
        <p>{question.message}</p>
        <footer>
          {question.buttons.map((b) => (
            <button
              key={b.id}
              type="button"
              className={b.primary ? 'primary' : undefined}
              onClick={() => question.answer(b.id)}
            >
              {b.label}
            </button>
          ))}
        </footer>
      </div>
    </div>
  );
}

function RecoverDialog({ onClose }: { onClose(): void }) {
  const studio = useStudioApi();
  const [entries, setEntries] = useState<RecoveryEntryInfo[]>([]);
  useEffect(() => {
    studio.project.recoverable().then(setEntries, () => setEntries([]));
  }, [studio]);
  const discard = (id: string) =>
    void studio.project
      .discardRecovery({ id })
      .then((left) => (left.length === 0 ? onClose() : setEntries(left)));
  return (
    <Modal title="Recover unsaved work" onClose={onClose}>
      <p>Atelier did not close cleanly last time. This unsaved work can be recovered:</p>
      <ul className="recover-list">
        {entries.map((e) => (
          <li key={e.id}>
            <div>
              <strong>{e.name}</strong>
              <div className="muted">
                {e.originalPath ?? 'never saved'} · autosaved {new Date(e.autosavedAt).toLocaleString()}
              </div>
            </div>
            <button
              type="button"
              className="primary small"
              onClick={() => {
                onClose();
                void recoverProject(studio, e.id);
              }}
            >
              Recover
            </button>
            <button type="button" className="small" onClick={() => discard(e.id)}>
              Discard
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}

export function Dialogs() {
  const studio = useStudioApi();
  const dialog = useStudio((s) => s.dialog);
  const openDialog = useStudio((s) => s.openDialog);
  const title = useStudio((s) => s.project?.status.title ?? 'Untitled');
  const close = () => openDialog(null);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'about':
      return <About onClose={close} />;
    case 'shortcuts':
      return <Shortcuts onClose={close} />;
    case 'question':
      return <QuestionDialog question={dialog.question} />;
    case 'recover':
      return <RecoverDialog onClose={close} />;
    case 'export':
      return <ExportDialog onClose={close} />;
    case 'export-video':
      return <ExportVideoDialog onClose={close} />;
    case 'export-destination':
      return <ExportDestination choice={dialog.choice} onClose={close} />;
    case 'generate-frame':
      return <ShotFrameDialog shotId={dialog.shotId} onClose={close} />;
    case 'research-dashboard':
      return <Dashboard onClose={close} />;
    case 'study-form':
      return <StudyForm onClose={close} />;
    case 'file-browser':
      switch (dialog.purpose) {
        case 'import-image':
          return (
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
          );
        case 'open-project':
          return (
            <FileBrowser
              title="Open project"
              extensions={['atelier']}
              confirmLabel="Open"
              onCancel={close}
              onChoose={(path) => {
                close();
                void openProject(studio, path);
              }}
            />
          );
        case 'load-study':
          return (
            <FileBrowser
              title="Load study"
              extensions={['json', 'yaml', 'yml']}
              confirmLabel="Load"
              onCancel={close}
              onChoose={(path) => {
                close();
                void loadStudy(studio, { path });
              }}
            />
          );
        case 'add-model':
          return (
            <FileBrowser
              title="Add model"
              extensions={['onnx']}
              confirmLabel="Add"
              onCancel={close}
              onChoose={(path) => {
                close();
                void addModelFile(studio, path);
              }}
            />
          );
        case 'add-model-folder':
          return (
            <FileBrowser
              title="Add model folder"
              mode="folder"
              extensions={[]}
              confirmLabel="Add this folder"
              onCancel={close}
              onChoose={(path) => {
                close();
                void addModelFile(studio, path);
              }}
            />
          );
        case 'models-folder':
          return (
            <FileBrowser
              title="Models folder"
              mode="folder"
              extensions={[]}
              confirmLabel="Use this folder"
              onCancel={close}
              onChoose={(path) => {
                close();
                void studio.settings
                  .set({ modelsDir: path })
                  .catch((e: unknown) =>
                    useStudio.getState().notify('error', isStudioError(e) ? e.message : String(e)),
                  );
              }}
            />
          );
        case 'save-project':
          return (
            <FileBrowser
              title="Save project"
              mode="save"
              defaultName={title}
              extensions={['atelier']}
              confirmLabel="Save"
              onCancel={close}
              onChoose={(path) => {
                close();
                void saveProjectAs(studio, path);
              }}
            />
          );
      }
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
