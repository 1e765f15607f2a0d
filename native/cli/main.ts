// The `atelier` command.
import { APP_VERSION } from '../studio/app-info';
import { exportCommand, exportUsage } from './export';
import { generateCommand, generateUsage } from './generate';
import { inpaintCommand, inpaintUsage } from './inpaint';
import { logCommand, logUsage, replayCommand } from './log';
import { musicCommand, musicUsage } from './music';
import { serveCommand, serveUsage } from './serve';
import { studyCommand, studyUsage } from './study';
import { UsageError } from './usage-error';

const usage = `Atelier ${APP_VERSION} — a local-first studio for advertising creatives

usage: atelier <command> [options]

commands:
  serve        run the studio in a browser (web mode)
  log          export or verify a project's edit log
  replay       rebuild a project's document from its edit log
  study        analyze many edit logs: per-session metrics, per-condition tests, report
  inpaint      fill the masked part of an image (built-in engines or an ONNX model)
  generate     make a picture from a prompt, or repaint a masked part (Stable Diffusion)
  music        compose a soundtrack of an exact length
  export       export the storyboard as MP4, WebM or stills, for one placement or all

  atelier --version    print the version
  atelier --help       print this help

${serveUsage}

${logUsage}

${studyUsage}

${inpaintUsage}

${generateUsage}

${musicUsage}

${exportUsage}`;

const commands: Record<string, (argv: string[]) => Promise<number | void>> = {
  serve: serveCommand,
  log: logCommand,
  replay: replayCommand,
  study: studyCommand,
  inpaint: inpaintCommand,
  generate: generateCommand,
  music: musicCommand,
  export: exportCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(usage + '\n');
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${APP_VERSION}\n`);
    return 0;
  }
  const run = commands[command];
  if (!run) {
    process.stderr.write(`atelier: unknown command "${command}"\n\n${usage}\n`);
    return 2;
  }
  try {
    return (await run(rest)) ?? 0;
  } catch (error) {
    const err = error as Error & { code?: string };
    if (err instanceof UsageError || err.code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`atelier ${command}: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`atelier ${command}: ${err.message}\n`);
    return 1;
  }
}
