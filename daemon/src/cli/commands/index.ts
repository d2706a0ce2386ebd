// Every `quanttrade` sub-command, in the order `quanttrade --help` lists them. Keep `load` lazy.
import type { CommandEntry } from '../command';

export const commands: CommandEntry[] = [];
