import { useState } from 'react';
import type { StudioApi } from '../../native/api/contract';
import { isStudioError } from '../../native/api/errors';
import { FAMILY_LABELS, type Licence, type ModelInfo } from '../../native/api/models';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { ask } from './project-actions';

const message = (error: unknown) => (isStudioError(error) ? error.message : String(error));

function size(bytes: number | null): string {
  if (bytes === null) return '';
  return bytes < 1048576 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1048576).toFixed(1)} MB`;
}

/** The licence typed in the panel, or undefined to take the family's published one. */
export interface LicenceChoice {
  name: string;
  commercialUse: boolean;
}

/** The licence a new model gets: the one typed, or (empty name) the family's default. */
function licenceOf(choice: LicenceChoice): Licence | undefined {
  const name = choice.name.trim();
  return name ? { name, commercialUse: choice.commercialUse } : undefined;
}

/** The options of the next model added: kept while the file browser is open. */
let pending: { name?: string; licence?: Licence } = {};

/**
 * Adds the `.onnx` file (or the Stable Diffusion export folder) chosen in the file browser, with
 * the options set in the panel.
 */
export async function addModelFile(studio: StudioApi, path: string): Promise<void> {
  const { notify } = useStudio.getState();
  try {
    await studio.models.add({ path, ...pending });
  } catch (error) {
    notify('error', message(error));
  }
}

function LicenceBadge({ model }: { model: ModelInfo }) {
  if (!model.licence) return <span className="badge">licence unknown</span>;
  const { name, commercialUse } = model.licence;
  return (
    <span
      className={commercialUse ? 'badge ok' : 'badge warn'}
      title={commercialUse ? 'The licence allows client work' : 'Not for client work without permission'}
    >
      {name} · {commercialUse ? 'commercial use' : 'non-commercial'}
    </span>
  );
}

function ModelRow({ model }: { model: ModelInfo }) {
  const studio = useStudioApi();
  const notify = useStudio((s) => s.notify);
  const verify = () => studio.models.verify({ id: model.id }).catch((e) => notify('error', message(e)));
  const remove = async () => {
    const choice = await ask(
      'Remove model',
      `Remove "${model.name}" and delete its files from the models folder? Projects keep what it made.`,
      [
        { id: 'cancel', label: 'Cancel' },
        { id: 'remove', label: 'Remove', primary: true },
      ],
    );
    if (choice !== 'remove') return;
    await studio.models.remove({ id: model.id }).catch((e) => notify('error', message(e)));
  };
  return (
    <li className="model" aria-label={model.name}>
      <div className="model-head">
        <strong>{model.name}</strong>
        <span className="muted small">
          {model.family ? FAMILY_LABELS[model.family] : 'unknown family'} {size(model.bytes)}
        </span>
      </div>
      <div className="model-facts">
        <LicenceBadge model={model} />
        {model.provider && (
          <span className="small" data-testid="model-provider">
            {model.lastProvider
              ? `Ran on ${model.lastProvider.toUpperCase()}`
              : `Runs on ${model.provider.toUpperCase()}`}
          </span>
        )}
      </div>
      {model.problem && <p className="error small">{model.problem}</p>}
      <div className="row">
        {model.sha256 && (
          <button type="button" className="small" disabled={!!model.problem} onClick={() => void verify()}>
            Verify
          </button>
        )}
        {model.removable ? (
          <button type="button" className="small" onClick={() => void remove()}>
            Remove
          </button>
        ) : (
          <span className="muted small">Not a model: left alone</span>
        )}
      </div>
    </li>
  );
}

/**
 * The models folder: learned models with their licences and where they would run; add a file,
 * download one (resumable, hash-checked), verify, remove; change the folder.
 */
export function ModelsPanel() {
  const studio = useStudioApi();
  const list = useStudio((s) => s.models);
  const notify = useStudio((s) => s.notify);
  const openDialog = useStudio((s) => s.openDialog);
  const jobs = useStudio((s) => s.jobs);
  const running = Object.values(jobs).filter(
    (j) => j.kind.startsWith('model-') && (j.state === 'queued' || j.state === 'running'),
  );
  const [name, setName] = useState('');
  const [licence, setLicence] = useState<LicenceChoice>({ name: '', commercialUse: true });
  const [url, setUrl] = useState('');
  const [sha256, setSha256] = useState('');

  const options = () => {
    const chosen = licenceOf(licence);
    return { ...(name.trim() ? { name: name.trim() } : {}), ...(chosen ? { licence: chosen } : {}) };
  };
  const addFile = (purpose: 'add-model' | 'add-model-folder') => {
    pending = options();
    openDialog({ kind: 'file-browser', purpose });
  };
  const download = async () => {
    try {
      await studio.models.download({ url: url.trim(), sha256: sha256.trim(), ...options() });
      setUrl('');
      setSha256('');
    } catch (error) {
      notify('error', message(error));
    }
  };
  const resetFolder = () =>
    studio.settings.set({ modelsDir: null }).catch((e: unknown) => notify('error', message(e)));

  return (
    <section className="properties models" aria-label="Models">
      <h3>Models</h3>
      <p className="muted small">
        Learned inpainting models (LaMa, MI-GAN) as ONNX files; Stable Diffusion ONNX exports (SD 1.5
        inpainting, SD-Turbo: a folder with unet/, text_encoder/, vae_decoder/ and tokenizer/) for prompted
        fills and storyboard frames; MusicGen exports (a folder copied into the models folder). The built-in
        engines need none.
      </p>
      <div className="field">
        <span>Folder</span>
        <code className="path" data-testid="models-folder">
          {list?.folder ?? '…'}
          {list?.isDefault ? ' (default)' : ''}
        </code>
        <div className="row">
          <button
            type="button"
            className="small"
            onClick={() => openDialog({ kind: 'file-browser', purpose: 'models-folder' })}
          >
            Change folder…
          </button>
          {list && !list.isDefault && (
            <button type="button" className="small" onClick={() => void resetFolder()}>
              Use default
            </button>
          )}
        </div>
      </div>

      {running.map((job) => (
        <div key={job.id} className="generate-progress" role="status" aria-label={job.label}>
          <span>{job.label}</span>
          <progress max={1} value={job.progress} />
          <span className="small">{job.stage}</span>
          <button type="button" className="small" onClick={() => void studio.jobs.cancel({ jobId: job.id })}>
            Cancel
          </button>
        </div>
      ))}

      <ul className="model-list" aria-label="Installed models">
        {list?.models.map((m) => (
          <ModelRow key={m.id} model={m} />
        ))}
      </ul>
      {list && list.models.length === 0 && (
        <p className="muted">
          No models yet. Add an .onnx file or a Stable Diffusion folder, or download one.
        </p>
      )}

      <details className="add-model">
        <summary>Add a model</summary>
        <label className="field">
          <span>Name (optional)</span>
          <input aria-label="Model name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>Licence (optional: the family's own if empty)</span>
          <input
            aria-label="Licence"
            placeholder="e.g. Apache-2.0, CC-BY-NC-4.0"
            value={licence.name}
            onChange={(e) => setLicence({ ...licence, name: e.target.value })}
          />
        </label>
        <label className="field inline">
          <input
            type="checkbox"
            aria-label="Commercial use allowed"
            checked={licence.commercialUse}
            disabled={!licence.name.trim()}
            onChange={(e) => setLicence({ ...licence, commercialUse: e.target.checked })}
          />
          <span>Commercial use allowed</span>
        </label>
        <div className="row">
          <button type="button" onClick={() => addFile('add-model')}>
            Add model file…
          </button>
          <button
            type="button"
            title="A Stable Diffusion ONNX export (diffusers layout): copied into the models folder"
            onClick={() => addFile('add-model-folder')}
          >
            Add model folder…
          </button>
        </div>
        <label className="field">
          <span>Download from</span>
          <input
            aria-label="Download URL"
            placeholder="https://…/model.onnx"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </label>
        <label className="field">
          <span>SHA-256</span>
          <input
            aria-label="SHA-256"
            placeholder="64 hexadecimal digits"
            value={sha256}
            onChange={(e) => setSha256(e.target.value)}
          />
        </label>
        <button type="button" disabled={!url.trim() || !sha256.trim()} onClick={() => void download()}>
          Download
        </button>
        <p className="muted small">
          A download that stops can be started again: it resumes where it was. The file must have the SHA-256
          given.
        </p>
      </details>

      {list && (
        <details>
          <summary>Execution providers</summary>
          <ul className="providers">
            {list.providers.map((p) => (
              <li key={p.name} className={p.available ? 'ok' : 'muted'}>
                {p.name.toUpperCase()} — {p.note}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
