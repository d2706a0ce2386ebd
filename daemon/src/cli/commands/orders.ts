// `quanttrade orders [list | show ID | cancel ID]`: the order ledger from the shell (cli/deploy/).
import { defineGroup } from '../command';
import { toCommand } from '../deploy/deploy-cli';
import { orderCommands } from '../deploy/ledger-commands';

const list = toCommand(orderCommands.list!);

export const command = defineGroup({
  summary: 'Orders of the ledger: list with filters, show one with its events and fills, cancel',
  commands: { list, show: toCommand(orderCommands.show!), cancel: toCommand(orderCommands.cancel!) },
  default: list,
});
