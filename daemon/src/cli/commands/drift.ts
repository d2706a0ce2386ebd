// `quanttrade drift --deployment N --date D`: the drift report (trading/drift/).
import { runSubCommand } from '../deploy/deploy-cli';
import { drift } from '../deploy/drift-command';

export function run(argv: string[]): Promise<number> {
  return runSubCommand('drift', drift, argv);
}
