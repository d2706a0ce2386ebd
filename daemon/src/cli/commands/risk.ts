// `quanttrade risk <command>`: risk profiles, trading states, violations, sizing and portfolio
// risk from the shell (the kill switch is `quanttrade kill`). Sub-commands live in cli/risk/.
import { defineGroup } from '../command';

export const command = defineGroup({
  summary: 'Risk profiles, trading states, violations, sizing, portfolio risk',
  description: 'The kill switch: quanttrade kill --help. docs/risk.md has the rules and profiles.',
  commands: {
    presets: {
      summary: 'The preset profiles, limit by limit',
      load: async () => (await import('../risk/profile-commands')).presets,
    },
    profiles: {
      summary: 'Every risk profile with its version and where it is assigned',
      load: async () => (await import('../risk/profile-commands')).profiles,
    },
    profile: {
      summary: 'Show, create, update or archive a risk profile (a change makes a new version)',
      load: async () => (await import('../risk/profile-commands')).profile,
    },
    assign: {
      summary: 'Assign a profile to a broker account, or override it for one deployment',
      load: async () => (await import('../risk/profile-commands')).assign,
    },
    state: {
      summary: 'Trading states (ACTIVE, REDUCING, HALTED) and their latest changes',
      load: async () => (await import('../risk/state-commands')).state,
    },
    halt: {
      summary:
        'Halt: stop everything but protective exits; open orders are cancelled (--flatten: positions closed)',
      load: async () => (await import('../risk/state-commands')).halt,
    },
    reduce: {
      summary: 'Reduce: let only orders that reduce a position through',
      load: async () => (await import('../risk/state-commands')).reduce,
    },
    resume: {
      summary: 'Resume: return the scope to ACTIVE (a loss limit still reached moves it again)',
      load: async () => (await import('../risk/state-commands')).resume,
    },
    violations: {
      summary: 'Denials and warnings, newest first',
      load: async () => (await import('../risk/report-commands')).violations,
    },
    size: {
      summary: 'Position size that risks the amount at the stop, in whole lots (no database needed)',
      load: async () => (await import('../risk/report-commands')).size,
    },
    portfolio: {
      summary: 'The latest portfolio-risk snapshots of an account (risk.scan), as JSON',
      load: async () => (await import('../risk/report-commands')).portfolio,
    },
    scan: {
      summary: 'Run a portfolio scan now, in this process',
      load: async () => (await import('../risk/report-commands')).scan,
    },
    funds: {
      summary: 'Record an account’s funds figure (for limits written as a share of capital, and leverage)',
      load: async () => (await import('../risk/report-commands')).funds,
    },
  },
});
