// Numbered parameters for statements assembled from parts (one data-modifying CTE per table):
// each part asks for a placeholder per value, so the parts compose in any order without
// renumbering by hand.

export type Param = (value: unknown) => string;

export interface SqlParams {
  values: unknown[];
  /** The placeholder (`$n`) of a new parameter holding `value`. */
  p: Param;
}

export function sqlParams(): SqlParams {
  const values: unknown[] = [];
  return {
    values,
    p: (value) => {
      values.push(value);
      return `$${values.length}`;
    },
  };
}
