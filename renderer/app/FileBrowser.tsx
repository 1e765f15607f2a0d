import { useCallback, useEffect, useRef, useState } from 'react';
import { isStudioError } from '../../native/api/errors';
import type { FilesList } from '../../native/api/schemas';
import { useStudioApi } from '../platform/studio-context';

export interface FileBrowserProps {
  title: string;
  /** `save` adds a file-name field and checks the destination with the engine; `folder` chooses the folder shown. */
  mode?: 'open' | 'save' | 'folder';
  /** The name offered when saving (the extension is added if missing). */
  defaultName?: string;
  /** Lower-case extensions to show (folders always show). */
  extensions: string[];
  confirmLabel: string;
  onChoose(path: string): void;
  onCancel(): void;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1048576) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

/**
 * The in-app file browser of the workstation's files. In web mode the engine confines it to
 * one root folder; a path outside is refused there, not just hidden here.
 */
export function FileBrowser({
  title,
  mode = 'open',
  defaultName = '',
  extensions,
  confirmLabel,
  onChoose,
  onCancel,
}: FileBrowserProps) {
  const studio = useStudioApi();
  const [listing, setListing] = useState<FilesList | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const [fileName, setFileName] = useState(defaultName);
  const [overwrite, setOverwrite] = useState<{ name: string; path: string } | null>(null);

  const save = async () => {
    if (!listing) return;
    const extension = `.${extensions[0]}`;
    const name = fileName.trim().endsWith(extension) ? fileName.trim() : `${fileName.trim()}${extension}`;
    try {
      const target = await studio.files.resolveSave({ dir: listing.path, name });
      if (target.exists) setOverwrite({ name, path: target.path });
      else onChoose(target.path);
    } catch (e) {
      setError(isStudioError(e) ? e.message : String(e));
    }
  };

  // Counts keystrokes in the folder field: a listing that arrives after the user started typing
  // must not overwrite what they typed.
  const edits = useRef(0);

  const go = useCallback(
    (path: string) => {
      setError(null);
      const editsAtStart = edits.current;
      studio.files.list({ path, extensions }).then(
        (result) => {
          setListing(result);
          if (edits.current === editsAtStart) setTyped(result.path);
          setSelected(null);
        },
        (e: unknown) => setError(isStudioError(e) ? e.message : String(e)),
      );
    },
    [studio, extensions],
  );

  useEffect(() => {
    studio.files.roots().then(
      (roots) => go(roots.start),
      (e: unknown) => setError(isStudioError(e) ? e.message : String(e)),
    );
  }, [studio, go]);

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div role="dialog" aria-modal="true" aria-label={title} className="dialog file-browser">
        <header>
          <h2>{title}</h2>
        </header>
        <form
          className="path-row"
          onSubmit={(e) => {
            e.preventDefault();
            go(typed);
          }}
        >
          <button
            type="button"
            className="small"
            disabled={!listing?.parent}
            onClick={() => listing?.parent && go(listing.parent)}
          >
            ↑ Up
          </button>
          <input
            aria-label="Folder"
            value={typed}
            onChange={(e) => {
              edits.current++;
              setTyped(e.target.value);
            }}
            spellCheck={false}
          />
          <button type="submit" className="small">
            Go
          </button>
        </form>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <ul className="file-list" role="listbox" aria-label="Files">
          {listing?.entries.length === 0 && (
            <li className="muted">Nothing here with {extensions.map((e) => `.${e}`).join(', ')}.</li>
          )}
          {listing?.entries.map((entry) => (
            <li
              key={entry.path}
              role="option"
              aria-selected={selected === entry.path}
              className={selected === entry.path ? 'selected' : undefined}
              onClick={() => {
                if (entry.kind === 'dir') go(entry.path);
                else if (mode === 'save') setFileName(entry.name);
                else setSelected(entry.path);
              }}
              onDoubleClick={() => entry.kind === 'file' && mode === 'open' && onChoose(entry.path)}
            >
              <span className="file-icon">{entry.kind === 'dir' ? '▸' : '·'}</span>
              <span className="file-name">{entry.name}</span>
              <span className="muted">{entry.kind === 'file' ? formatSize(entry.size) : ''}</span>
            </li>
          ))}
        </ul>
        {listing?.truncated && (
          <p className="muted">Only the first entries are shown; type a path to go further.</p>
        )}
        <footer>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          {mode === 'folder' ? (
            <button
              type="button"
              className="primary"
              disabled={!listing}
              onClick={() => listing && onChoose(listing.path)}
            >
              {confirmLabel}
            </button>
          ) : mode === 'save' ? (
            <>
              <input
                className="file-name"
                aria-label="File name"
                value={fileName}
                onChange={(e) => {
                  setFileName(e.target.value);
                  setOverwrite(null);
                }}
                onKeyDown={(e) => e.key === 'Enter' && fileName.trim() && void save()}
              />
              <button
                type="button"
                className="primary"
                disabled={!fileName.trim() || !listing}
                onClick={() => void save()}
              >
                {confirmLabel}
              </button>
            </>
          ) : (
            <button
              type="button"
              className="primary"
              disabled={!selected}
              onClick={() => selected && onChoose(selected)}
            >
              {confirmLabel}
            </button>
          )}
        </footer>
        {overwrite && (
          <p className="overwrite" role="alert">
            {overwrite.name} already exists.{' '}
            <button type="button" className="small" onClick={() => onChoose(overwrite.path)}>
              Replace it
            </button>
          </p>
        )}
      </div>
    </div>
  );
}
