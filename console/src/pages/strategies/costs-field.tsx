// The cost model: India's exact charges by segment, a flat or percentage commission, or none.
import type { FieldIssue } from '../../forms/schema-validate';
import { TextField } from '../../forms/text-field';
import { COST_MODELS, type CostsDraft, type CostModelName } from './strategy-draft';

const LABELS: Record<CostModelName, string> = {
  india: "India, each instrument's segment (the default: Dhan charges, STT, stamp, GST…)",
  none: 'None',
  'india-delivery': 'India, equity delivery (Dhan charges, STT, stamp, GST…)',
  'india-intraday': 'India, equity intraday',
  'india-futures': 'India, futures',
  'india-options': 'India, options',
  percent: 'Percentage commission per fill',
  flat: 'Flat commission per order',
};

interface CostsFieldProps {
  costs: CostsDraft;
  onChange: (costs: CostsDraft) => void;
  issues: FieldIssue[];
}

const number = (text: string): unknown =>
  text.trim() === '' ? undefined : Number.isFinite(Number(text)) ? Number(text) : text;

export function CostsField({ costs, onChange, issues }: CostsFieldProps) {
  return (
    <fieldset class="field">
      <legend>Costs</legend>
      <div class="field">
        <label for="costs-model">
          <span>Cost model</span>
          <select
            id="costs-model"
            value={costs.model}
            onChange={(e) => onChange({ ...costs, model: e.currentTarget.value as CostModelName })}
          >
            {COST_MODELS.map((m) => (
              <option key={m} value={m}>
                {LABELS[m]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {costs.model === 'percent' && (
        <TextField
          id="costs-rate"
          label="Rate (fraction per fill)"
          hint="0.0003 is 0.03 %"
          value={costs.rate === undefined ? '' : String(costs.rate)}
          onInput={(v) => onChange({ ...costs, rate: number(v) })}
          path="costs.rate"
          issues={issues}
        />
      )}
      {costs.model === 'flat' && (
        <TextField
          id="costs-rupees"
          label="Rupees per order"
          value={costs.rupees === undefined ? '' : String(costs.rupees)}
          onInput={(v) => onChange({ ...costs, rupees: number(v) })}
          path="costs.rupees"
          issues={issues}
        />
      )}
    </fieldset>
  );
}
