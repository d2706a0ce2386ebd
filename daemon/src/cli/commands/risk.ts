// `quanttrade risk <command>`: risk profiles, trading states, violations, sizing and portfolio
// risk from the shell (the kill switch is `quanttrade kill`). Sub-commands live in cli/risk/.
import { AppError } from '../../core/errors';
import { UsageError } from '../command';
import { runRiskCommand, type RiskCommand } from '../risk/risk-cli';

const HELP = `Usage: quanttrade risk <command> [options] [--home DIR | --database-url URL]

Commands:
  presets      the preset profiles' limits
  profiles     risk profiles, their versions and assignments
  profile      show | create | update | archive a profile
  assign       assign a profile to an account, or override it for a deployment
  state        trading states and their changes
  halt | reduce | resume   move an account's or deployment's trading state (audited)
  violations   denials and warnings
  size         position-sizing calculator
  portfolio    an account's portfolio-risk snapshots
  scan         run a portfolio scan now
  funds        record an account's funds figure

quanttrade risk <command> --help shows its options. The kill switch: quanttrade kill --help.`;

const COMMANDS: Record<string, () => Promise<RiskCommand>> = {
  presets: async () => (await import('../risk/profile-commands')).presets,
  profiles: async () => (await import('../risk/profile-commands')).profiles,
  profile: async () => (await import('../risk/profile-commands')).profile,
  assign: async () => (await import('../risk/profile-commands')).assign,
  state: async () => (await import('../risk/state-commands')).state,
  halt: async () => (await import('../risk/state-commands')).halt,
  reduce: async () => (await import('../risk/state-commands')).reduce,
  resume: async () => (await import('../risk/state-commands')).resume,
  violations: async () => (await import('../risk/report-commands')).violations,
  size: async () => (await import('../risk/report-commands')).size,
  portfolio: async () => (await import('../risk/report-commands')).portfolio,
  scan: async () => (await import('../risk/report-commands')).scan,
  funds: async () => (await import('../risk/report-commands')).funds,
};

export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(HELP);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) throw new UsageError(`unknown risk command '${name}'\n\n${HELP}`);
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  // `risk profile show --id 1`: the action is a word, passed on as a flag.
  const args =
    name === 'profile' && rest[0] && !rest[0].startsWith('--')
      ? [`--action=${rest[0]}`, ...rest.slice(1)]
      : rest;
  try {
    return await runRiskCommand(name, command, args);
  } catch (err) {
    if (!(err instanceof AppError) || err.kind === 'bug') throw err;
    console.error(`quanttrade risk ${name}: ${err.message}`);
    return err.kind === 'invalid' ? 2 : 1;
  }
}
