// The charges of a set of fills as a broker's contract note would show them. Models that know
// how their broker aggregates (indiaCosts: STT and stamp duty rounded to whole rupees per note)
// provide `contractNote`; for the others a note is simply the sum of the per-fill charges.
import { sumCosts, ZERO_COSTS, type ChargeableFill, type CostBreakdown, type CostModel } from './cost-model';

interface WithContractNote {
  contractNote(fills: readonly ChargeableFill[]): CostBreakdown;
}

const hasContractNote = (m: CostModel): m is CostModel & WithContractNote =>
  typeof (m as Partial<WithContractNote>).contractNote === 'function';

export function contractNote(model: CostModel, fills: readonly ChargeableFill[]): CostBreakdown {
  if (hasContractNote(model)) return model.contractNote(fills);
  return fills.reduce((sum, f) => sumCosts(sum, model.charges(f)), { ...ZERO_COSTS });
}
