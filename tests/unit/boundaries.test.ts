// The dependency rules of DESIGN.md are enforced by ESLint; this proves each rule fires.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint();

async function errors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.message);
}

describe('layering rules', () => {
  it('the renderer imports no Node, no Electron, and only the pure native folders', async () => {
    expect(
      await errors('renderer/app/x.ts', "import { readFile } from 'node:fs';\nexport { readFile };"),
    ).toHaveLength(1);
    expect(await errors('renderer/app/x.ts', "import fs from 'fs';\nexport { fs };")).toHaveLength(1);
    expect(
      await errors('renderer/app/x.ts', "import { app } from 'electron';\nexport { app };"),
    ).toHaveLength(1);
    expect(
      await errors(
        'renderer/app/x.ts',
        "import { startHost } from '../../native/host/server';\nexport { startHost };",
      ),
    ).toHaveLength(1);
    expect(
      await errors(
        'renderer/app/x.ts',
        "import { StudioError } from '../../native/api/errors';\nexport { StudioError };",
      ),
    ).toHaveLength(0);
  });

  it('native/ never imports Electron', async () => {
    expect(await errors('native/jobs/x.ts', "import { app } from 'electron';\nexport { app };")).toHaveLength(
      1,
    );
    expect(
      await errors('native/jobs/x.ts', "import { readFile } from 'node:fs';\nexport { readFile };"),
    ).toHaveLength(0);
  });

  it('native/model, compose and api import nothing from Node, the DOM, React or impure folders', async () => {
    expect(
      await errors('native/model/x.ts', "import { readFile } from 'node:fs';\nexport { readFile };"),
    ).toHaveLength(1);
    expect(await errors('native/api/x.ts', "import React from 'react';\nexport { React };")).toHaveLength(1);
    expect(
      await errors(
        'native/compose/x.ts',
        "import { FileAccess } from '../project/file-access';\nexport { FileAccess };",
      ),
    ).toHaveLength(1);
    expect(await errors('native/compose/x.ts', 'export const w = window.innerWidth;')).toHaveLength(1);
    expect(
      await errors(
        'native/model/x.ts',
        "import { z } from 'zod';\nimport { StudioError } from '../api/errors';\nexport { z, StudioError };",
      ),
    ).toHaveLength(0);
  });
});
