import { parseArgs } from 'node:util';
import { analyzeStudy } from '../feedback/analysis/analyze';
import { findLogFiles, LogReadError } from '../feedback/analysis/read';
import { UsageError } from './usage-error';

export const studyUsage = `atelier study analyze <folder-or-file…> --out DIR [--drop-free-text] [--seed N]
    reads .atelier projects and .jsonl log exports (folders are searched); writes
    sessions.csv/.parquet, events.csv/.jsonl/.parquet, comparisons.csv/.json and report.html;
    when some sessions have a participant id, those without one are left out of the analysis`;

export async function studyCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'analyze') {
    throw new UsageError(sub ? `unknown study command "${sub}" (analyze)` : 'study needs a command: analyze');
  }
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      out: { type: 'string' },
      'drop-free-text': { type: 'boolean', default: false },
      seed: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0)
    throw new UsageError('name the logs to analyze: folders, .atelier or .jsonl files');
  if (!values.out) throw new UsageError('study analyze needs --out DIR');
  let seed = 1;
  if (values.seed !== undefined) {
    if (!/^\d{1,9}$/.test(values.seed))
      throw new UsageError(`--seed must be a whole number, not "${values.seed}"`);
    seed = Number(values.seed);
  }
  try {
    const files = findLogFiles(positionals);
    if (files.length === 0) throw new LogReadError('no .atelier or .jsonl files found');
    const result = analyzeStudy(files, values.out, {
      dropFreeText: values['drop-free-text'],
      seed,
      participantsOnly: true,
    });
    process.stderr.write(
      `analyzed ${result.events} events of ${result.sessions.length} sessions (${result.conditions.length} conditions) into ${values.out}${result.leftOut > 0 ? `; left out ${result.leftOut} session(s) without a participant id` : ''}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof LogReadError) {
      process.stderr.write(`atelier study: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
