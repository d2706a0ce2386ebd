// Every `quanttrade` sub-command, in the order `quanttrade --help` lists them.
import type { Command } from '../command';

export const commands: Command[] = [];
