import type { z } from 'zod';
import { canvasCommands } from './canvas';
import { layerCommands } from './layer';
import { projectCommands } from './project';
import { storyboardCommands } from './storyboard';
import { timelineCommands } from './timeline';

/** Every command of the document, by type. */
export const commands = {
  ...projectCommands,
  ...canvasCommands,
  ...layerCommands,
  ...storyboardCommands,
  ...timelineCommands,
};

type Commands = typeof commands;
/** The closed union of command types (STYLE.md 4): a typo is a compile error. */
export type CommandType = keyof Commands;
export type CommandArgs<T extends CommandType> = z.input<Commands[T]['args']>;

/** A command as dispatched, logged and replayed: plain data. */
export type Command = { [T in CommandType]: { type: T; args: CommandArgs<T> } }[CommandType];

export const commandTypes = Object.keys(commands) as CommandType[];

export function isCommandType(type: string): type is CommandType {
  return Object.hasOwn(commands, type);
}

export { NotApplicable } from './define';
