// `quanttrade positions`: positions per deployment or account, marked at the last price.
import { toCommand } from '../deploy/deploy-cli';
import { positions } from '../deploy/ledger-commands';

export const command = toCommand(positions);
