import { readFile, rename } from 'node:fs/promises';
import type { z } from 'zod';
import { writeFileAtomic } from './atomic-file';

/**
 * A small JSON file validated by a schema (settings, recent projects). A file that cannot be
 * read or fails its schema is never overwritten silently: it is moved aside as
 * `<name>.damaged-<time>.json` before the next write, and `problem` says what happened.
 */
export class JsonStore<S extends z.ZodType> {
  private value: z.output<S> | undefined;
  problem: string | null = null;
  private damaged = false;
  /** Writes run one after another, so two quick changes cannot overwrite each other. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly schema: S,
    private readonly fallback: () => z.output<S>,
  ) {}

  async read(): Promise<z.output<S>> {
    if (this.value !== undefined) return this.value;
    let text: string | null = null;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.markDamaged(`cannot read ${this.path}: ${(error as Error).message}`);
    }
    if (text === null) {
      this.value = this.fallback();
      return this.value;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.markDamaged(`${this.path} is not valid JSON; defaults are used until the next change`);
      this.value = this.fallback();
      return this.value;
    }
    const checked = this.schema.safeParse(parsed);
    if (!checked.success) {
      this.markDamaged(`${this.path} does not match its schema; defaults are used until the next change`);
      this.value = this.fallback();
      return this.value;
    }
    this.value = checked.data;
    return this.value;
  }

  /** Reads, changes and writes as one step, after any change already under way. */
  update(change: (current: z.output<S>) => z.output<S>): Promise<z.output<S>> {
    const next = this.queue.then(async () => this.write(change(await this.read())));
    this.queue = next.catch(() => {});
    return next;
  }

  private async write(value: z.output<S>): Promise<z.output<S>> {
    const checked = this.schema.parse(value);
    if (this.damaged) {
      await rename(this.path, this.path.replace(/\.json$/, '') + `.damaged-${Date.now()}.json`).catch(
        () => {},
      );
      this.damaged = false;
    }
    await writeFileAtomic(this.path, JSON.stringify(checked, null, 2) + '\n');
    this.value = checked;
    return checked;
  }

  private markDamaged(problem: string): void {
    this.damaged = true;
    this.problem = problem;
    process.stderr.write(`atelier: ${problem}\n`);
  }
}
