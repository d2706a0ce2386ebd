// docs/risk.md is the reference for every rule, its code and its default: it must name each rule
// of the catalogue, and show each preset's numbers as the presets have them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../daemon/src/config/package-root';
import {
  LIMITS,
  LIMIT_KEYS,
  PRESETS,
  PRESET_NAMES,
  RULE_CODES,
  SOFT_LIMITS,
  SOFT_LIMIT_KEYS,
  describeLimit,
} from '../../daemon/src/risk/index';

const doc = readFileSync(join(packageRoot(), 'docs/risk.md'), 'utf8');
const cells = (line: string) =>
  line
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim());
const rowOf = (section: string, first: string) => {
  const part = doc.slice(doc.indexOf(section));
  const line = part.split('\n').find((l) => l.startsWith(`| \`${first}\``));
  return line ? cells(line) : undefined;
};

describe('docs/risk.md', () => {
  it('has a row for every rule code, and no row for a code that does not exist', () => {
    const table = doc.slice(doc.indexOf('## Rules'), doc.indexOf('## Risk profiles'));
    const documented = [...table.matchAll(/^\| `([a-z_]+)`/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...RULE_CODES].sort());
  });

  it("shows each limit's rule and each preset's number for it", () => {
    for (const key of LIMIT_KEYS) {
      const row = rowOf('### Presets', key);
      expect(row, key).toBeDefined();
      expect(row!.slice(1), key).toEqual([
        `\`${LIMITS[key].rule}\``,
        LIMITS[key].unit,
        ...PRESET_NAMES.map((p) => describeLimit(PRESETS[p].limits[key], LIMITS[key].unit)),
      ]);
    }
  });

  it("shows each soft limit's warning code and each preset's soft number", () => {
    for (const key of SOFT_LIMIT_KEYS) {
      const row = rowOf('Soft limits (warnings', key);
      expect(row, key).toBeDefined();
      expect(row![1]).toBe(`\`${SOFT_LIMITS[key].code}\``);
      expect(row!.slice(3), key).toEqual(
        PRESET_NAMES.map((p) => {
          const v = PRESETS[p].soft[key];
          return v === undefined ? '—' : describeLimit(v, SOFT_LIMITS[key].unit);
        }),
      );
    }
  });
});
