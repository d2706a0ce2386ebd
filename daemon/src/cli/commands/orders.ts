// `quanttrade orders [list | show ID | cancel ID]`: the order ledger from the shell (cli/deploy/).
import { runGroup } from '../deploy/deploy-cli';
import { orderCommands } from '../deploy/ledger-commands';

export function run(argv: string[]): Promise<number> {
  return runGroup('orders', orderCommands.list!.help, orderCommands, argv, 'list');
}
