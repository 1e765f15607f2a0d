import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ExecutionProviderName } from '../api/schemas';

export interface ProviderAvailability {
  name: ExecutionProviderName;
  available: boolean;
  note: string;
}

const require_ = createRequire(import.meta.url);

/** Shared libraries an add-on provider needs beside the onnxruntime binding. */
const addOnLibraries: Partial<Record<ExecutionProviderName, string>> = {
  cuda: 'libonnxruntime_providers_cuda.so',
  tensorrt: 'libonnxruntime_providers_tensorrt.so',
};

const nameMap: Record<string, ExecutionProviderName> = {
  cpu: 'cpu',
  cuda: 'cuda',
  tensorrt: 'tensorrt',
  dml: 'dml',
  coreml: 'coreml',
  webgpu: 'webgpu',
};

let cached: ProviderAvailability[] | undefined;

/**
 * The execution providers this installation of onnxruntime-node can use. A provider that is
 * compiled in but whose add-on was not installed (CUDA with the offline install) is listed as
 * unavailable with a note on how to turn it on.
 */
export function listExecutionProviders(): ProviderAvailability[] {
  if (cached) return cached;
  let backends: { name: string; bundled: boolean }[];
  let bindingDir: string;
  try {
    const ort = require_('onnxruntime-node') as {
      listSupportedBackends(): { name: string; bundled: boolean }[];
    };
    backends = ort.listSupportedBackends();
    bindingDir = join(
      dirname(require_.resolve('onnxruntime-node/package.json')),
      'bin',
      'napi-v6',
      process.platform,
      process.arch,
    );
  } catch (error) {
    return [
      { name: 'cpu', available: false, note: `onnxruntime-node failed to load: ${(error as Error).message}` },
    ];
  }
  const result: ProviderAvailability[] = [];
  for (const backend of backends) {
    const name = nameMap[backend.name];
    if (!name) continue;
    const library = addOnLibraries[name];
    const available = backend.bundled || (library !== undefined && existsSync(join(bindingDir, library)));
    const note = available
      ? backend.bundled
        ? 'built in'
        : 'add-on installed'
      : 'add-on not installed (see README: GPU)';
    result.push({ name, available, note });
  }
  cached = result;
  return result;
}
