// ESLint rule `atelier/layering`: holds DESIGN.md's dependency direction. Each import is
// resolved to the folder it lands in, so the rule sees through `../` at any depth.
//   native/model, native/compose, native/api (pure) → only each other, zod and immer
//   renderer → no Node, no Electron; of native/ only the pure folders
//   native → no Electron, no React, no renderer or electron/
//   electron → never the renderer
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const PURE_PACKAGES = new Set(['zod', 'immer']);

function layerOf(absolute) {
  const rel = relative(root, absolute).split(sep);
  if (rel[0] === 'native') return ['model', 'compose', 'api'].includes(rel[1]) ? 'pure' : 'native';
  if (rel[0] === 'renderer' || rel[0] === 'electron') return rel[0];
  return 'other';
}

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function check(fileLayer, spec, file) {
  if (spec.startsWith('.')) {
    const target = layerOf(resolve(dirname(file), spec));
    if (fileLayer === 'pure' && target !== 'pure')
      return 'native/model, compose and api may import only each other';
    if (fileLayer === 'renderer' && (target === 'native' || target === 'electron')) {
      return 'the renderer may import only native/model, native/compose and native/api';
    }
    if (fileLayer === 'native' && (target === 'renderer' || target === 'electron'))
      return 'native/ never imports the UI or the desktop shell';
    if (fileLayer === 'electron' && target === 'renderer') return 'electron/ never imports the renderer';
    return null;
  }
  const name = packageName(spec);
  const isNode = builtins.has(spec) || builtins.has(name);
  if (fileLayer === 'pure' && !PURE_PACKAGES.has(name)) {
    return `native/model, compose and api run in the renderer and in Node alike: "${spec}" is not allowed (only zod and immer)`;
  }
  if (fileLayer === 'renderer' && isNode) return `the renderer never imports Node ("${spec}")`;
  if ((fileLayer === 'renderer' || fileLayer === 'native') && name === 'electron')
    return 'only electron/ may import Electron';
  if (fileLayer === 'native' && (name === 'react' || name === 'react-dom')) return 'native/ has no UI';
  return null;
}

const layering = {
  meta: { type: 'problem', schema: [], docs: { description: 'enforce the layer boundaries of DESIGN.md' } },
  create(context) {
    const file = context.filename;
    const fileLayer = layerOf(file);
    if (fileLayer === 'other') return {};
    const report = (node, spec) => {
      if (typeof spec !== 'string') return;
      const problem = check(fileLayer, spec, file);
      if (problem) context.report({ node, message: problem });
    };
    return {
      ImportDeclaration: (node) => report(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && report(node, node.source.value),
      ExportAllDeclaration: (node) => report(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && report(node, node.source.value),
    };
  },
};

export default { rules: { layering } };
