import { join } from 'node:path';
import { SettingsSchema, type Settings, type SettingsPatch } from '../api/schemas';
import { JsonStore } from './json-store';

export class SettingsStore {
  private readonly store: JsonStore<typeof SettingsSchema>;

  constructor(userDataDir: string) {
    this.store = new JsonStore(join(userDataDir, 'settings.json'), SettingsSchema, () =>
      SettingsSchema.parse({}),
    );
  }

  get(): Promise<Settings> {
    return this.store.read();
  }

  set(patch: SettingsPatch): Promise<Settings> {
    return this.store.update((current) => ({ ...current, ...patch }));
  }
}
