import { enablePatches, produceWithPatches, type Patch } from 'immer';
import type { Document } from './document';
import { commands, isCommandType, NotApplicable, type Command, type CommandType } from './commands/index';
import type { CommandDef } from './commands/define';

enablePatches();

export interface Applied {
  doc: Document;
  /** The command with its arguments as checked (defaults filled in): what is logged and replayed. */
  command: Command;
  label: string;
  targets: string[];
  patches: Patch[];
  inversePatches: Patch[];
}

export type ApplyResult = { ok: true; applied: Applied } | { ok: false; reason: string; noop?: boolean };

function definition(type: CommandType): CommandDef {
  return commands[type] as unknown as CommandDef;
}

/** Checks a command's arguments; the reason names the field. */
export function checkCommand(command: {
  type: string;
  args: unknown;
}): { ok: true; command: Command } | { ok: false; reason: string } {
  if (!command || typeof command.type !== 'string' || !isCommandType(command.type)) {
    return { ok: false, reason: `unknown command "${String(command?.type).slice(0, 80)}"` };
  }
  const parsed = definition(command.type).args.safeParse(command.args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `${command.type}: args.${issue.path.join('.')}: ${issue.message}` };
  }
  return { ok: true, command: { type: command.type, args: parsed.data } as Command };
}

/**
 * The one function that changes a document: applies a command and returns the new document
 * with forward and inverse patches. A command that does not apply, or changes nothing,
 * returns `{ok: false}` and the document is untouched.
 */
export function applyCommand(doc: Document, input: { type: string; args: unknown }): ApplyResult {
  const checked = checkCommand(input);
  if (!checked.ok) return checked;
  const { command } = checked;
  const def = definition(command.type);
  try {
    const [next, patches, inversePatches] = produceWithPatches(doc, (draft) => {
      def.apply(draft, command.args);
    });
    if (patches.length === 0) return { ok: false, reason: 'nothing changed', noop: true };
    return {
      ok: true,
      applied: {
        doc: next,
        command,
        label: def.label,
        targets: def.targets(command.args),
        patches,
        inversePatches,
      },
    };
  } catch (error) {
    if (error instanceof NotApplicable) return { ok: false, reason: `${command.type}: ${error.message}` };
    throw error;
  }
}

/** Applies several commands as one change (a gesture), with one pair of patch lists. */
export function applyCommands(
  doc: Document,
  list: readonly Command[],
): { ok: true; doc: Document; patches: Patch[]; inversePatches: Patch[] } | { ok: false; reason: string } {
  try {
    const [next, patches, inversePatches] = produceWithPatches(doc, (draft) => {
      for (const command of list) {
        const checked = checkCommand(command);
        if (!checked.ok) throw new NotApplicable(checked.reason);
        definition(checked.command.type).apply(draft, checked.command.args);
      }
    });
    return { ok: true, doc: next, patches, inversePatches };
  } catch (error) {
    if (error instanceof NotApplicable) return { ok: false, reason: error.message };
    throw error;
  }
}

export function labelOf(type: CommandType): string {
  return definition(type).label;
}
