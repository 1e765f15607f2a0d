import { arch, platform } from 'node:os';
import type { AppInfo } from '../api/schemas';
import { listExecutionProviders } from '../inference/providers';
import packageJson from '../../package.json';

export const APP_VERSION: string = packageJson.version;

export function appInfo(mode: AppInfo['mode'], userDataDir: string): AppInfo {
  return {
    name: 'Atelier',
    version: APP_VERSION,
    mode,
    platform: { os: platform(), arch: arch(), node: process.versions.node },
    executionProviders: listExecutionProviders(),
    userDataDir,
  };
}
