import Database from 'libsql';

type Param = string | number | bigint | null | Uint8Array;

/**
 * A thin, safe face of libsql: parameters always go in as an array (a lone Buffer argument
 * makes libsql abort the whole process), and rows come back without libsql's `_metadata`.
 */
export class Sqlite {
  private readonly db: Database.Database;
  private closed = false;

  constructor(
    readonly path: string,
    options: { readonly?: boolean; mustExist?: boolean } = {},
  ) {
    this.db = new Database(path, {
      readonly: options.readonly ?? false,
      fileMustExist: options.mustExist ?? false,
    });
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  run(sql: string, params: Param[] = []): void {
    this.db.prepare(sql).run(params);
  }

  get<T extends object>(sql: string, params: Param[] = []): T | undefined {
    const row = this.db.prepare(sql).get(params) as (T & { _metadata?: unknown }) | undefined;
    if (row) delete row._metadata;
    return row;
  }

  all<T extends object>(sql: string, params: Param[] = []): T[] {
    const rows = this.db.prepare(sql).all(params) as (T & { _metadata?: unknown })[];
    for (const row of rows) delete row._metadata;
    return rows;
  }

  /** A single value (`select count(*) …`). */
  value<T>(sql: string, params: Param[] = []): T | undefined {
    const row = this.db.prepare(sql).raw(true).get(params) as unknown[] | undefined;
    return row?.[0] as T | undefined;
  }

  /** Runs `fn` in one transaction: all of it is committed, or none of it. */
  transaction<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // the failure may already have ended the transaction
      }
      throw error;
    }
  }

  /** A prepared statement for a hot loop; parameters still go in as an array. */
  statement(sql: string): { run(params: Param[]): void } {
    const prepared = this.db.prepare(sql);
    return { run: (params) => void prepared.run(params) };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
