// `quanttrade deploy create | start | stop | pause | resume | list | show`: see cli/deploy/.
import { deployCommands } from '../deploy/deploy-commands';
import { runGroup } from '../deploy/deploy-cli';

const HELP = `Usage: quanttrade deploy <command> [options] [--home DIR | --database-url URL]

Commands:
  create   a deployment of a saved strategy version (checked; stopped until started)
  start | stop | pause | resume ID|NAME   move it (the daemon with the trader role does the work)
  list     deployments, newest first
  show ID|NAME   its spec, P&L, the daemon holding it, its transitions

quanttrade deploy <command> --help shows its options.`;

export function run(argv: string[]): Promise<number> {
  return runGroup('deploy', HELP, deployCommands, argv);
}
