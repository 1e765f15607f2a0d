import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Atelier keeps settings, recent projects, recovery files and models. `ATELIER_HOME`
 * overrides it (tests, portable installs); the desktop app passes Electron's userData path.
 */
export function defaultUserDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  if (env.ATELIER_HOME) return env.ATELIER_HOME;
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Atelier');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Atelier');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'atelier');
}
