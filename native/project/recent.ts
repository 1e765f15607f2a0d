import { basename, extname, join } from 'node:path';
import { RecentListSchema, type RecentProject } from '../api/schemas';
import { JsonStore } from '../studio/json-store';

const MAX_RECENT = 20;

/** The recent-projects list of the welcome screen and File ▸ Open Recent. */
export class RecentProjects {
  private readonly store: JsonStore<typeof RecentListSchema>;

  constructor(userDataDir: string) {
    this.store = new JsonStore(join(userDataDir, 'recent.json'), RecentListSchema, () => []);
  }

  list(): Promise<RecentProject[]> {
    return this.store.read();
  }

  async add(path: string): Promise<RecentProject[]> {
    const items = (await this.store.read()).filter((item) => item.path !== path);
    const entry = { path, name: basename(path, extname(path)), openedAt: Date.now() };
    return this.store.write([entry, ...items].slice(0, MAX_RECENT));
  }

  async remove(path: string): Promise<RecentProject[]> {
    return this.store.write((await this.store.read()).filter((item) => item.path !== path));
  }

  clear(): Promise<RecentProject[]> {
    return this.store.write([]);
  }
}
