// The dependency rules of DESIGN.md are enforced by ESLint (build/eslint-layering.mjs); this
// proves the rule fires for each boundary, at any folder depth.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint();

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  return result!.messages
    .filter((m) => m.ruleId === 'atelier/layering' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.message);
}
const refused = async (file: string, code: string) => expect(await problems(file, code)).toHaveLength(1);
const allowed = async (file: string, code: string) => expect(await problems(file, code)).toEqual([]);

describe('layering rule', () => {
  it('the renderer imports no Node, no Electron, and of native/ only the pure folders', async () => {
    await refused('renderer/app/x.ts', "import 'node:fs';");
    await refused('renderer/app/x.ts', "import 'fs/promises';");
    await refused('renderer/app/x.ts', "import 'electron';");
    await refused('renderer/app/x.ts', "import 'electron/renderer';");
    await refused('renderer/app/x.ts', "import '../../native/host/server';");
    await refused('renderer/app/deep/x.ts', "import '../../../electron/preload/index';");
    await allowed('renderer/app/x.ts', "import '../../native/api/errors';");
    await allowed('renderer/app/x.ts', "import 'react';");
  });

  it('native/ never imports Electron, React, the renderer or the shell', async () => {
    await refused('native/jobs/x.ts', "import 'electron';");
    await refused('native/jobs/x.ts', "import 'electron/main';");
    await refused('native/jobs/x.ts', "import 'react';");
    await refused('native/jobs/x.ts', "import '../../renderer/app/App';");
    await allowed('native/jobs/x.ts', "import 'node:fs';");
  });

  it('the pure folders import only each other, zod and immer, at any depth', async () => {
    await refused('native/model/x.ts', "import 'node:fs';");
    await refused('native/api/x.ts', "import 'react';");
    await refused('native/api/x.ts', "import 'react/jsx-runtime';");
    await refused('native/model/x.ts', "import 'libsql';");
    await refused('native/compose/x.ts', "import '../project/file-access';");
    await refused('native/model/commands/x.ts', "import '../../jobs/supervisor';");
    await refused('native/compose/x.ts', 'export const w = window.innerWidth;');
    await allowed(
      'native/model/commands/x.ts',
      "import '../document';\nimport '../../api/errors';\nimport 'zod';\nimport 'immer';",
    );
  });

  it('electron/ never imports the renderer', async () => {
    await refused('electron/main/x.ts', "import '../../renderer/app/App';");
    await allowed('electron/main/x.ts', "import 'electron';\nimport '../../native/studio/engine';");
  });
});
