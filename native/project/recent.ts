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

  add(path: string): Promise<RecentProject[]> {
    const entry = { path, name: basename(path, extname(path)), openedAt: Date.now() };
    return this.store.update((items) =>
      [entry, ...items.filter((item) => item.path !== path)].slice(0, MAX_RECENT),
    );
  }

  remove(path: string): Promise<RecentProject[]> {
    return this.store.update((items) => items.filter((item) => item.path !== path));
  }

  clear(): Promise<RecentProject[]> {
    return this.store.update(() => []);
  }
}
