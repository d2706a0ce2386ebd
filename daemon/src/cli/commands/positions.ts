// `quanttrade positions`: positions per deployment or account, marked at the last price.
import { runSubCommand } from '../deploy/deploy-cli';
import { positions } from '../deploy/ledger-commands';

export function run(argv: string[]): Promise<number> {
  return runSubCommand('positions', positions, argv);
}
