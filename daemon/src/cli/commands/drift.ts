// `quanttrade drift --deployment N --date D`: the drift report (trading/drift/).
import { toCommand } from '../deploy/deploy-cli';
import { drift } from '../deploy/drift-command';

export const command = toCommand(drift);
