// Record lists (a backtest's trades and orders) as columns of plain data, to cross the sandbox
// boundary in a few typed arrays instead of millions of small objects. Generic over the record's
// fields — numbers become Float64Array columns, strings a dictionary-coded column, undefined a
// mask — so a field added to Trade or OrderRecord crosses without a change here. Pure: the
// sandbox runtime packs, the daemon unpacks.

export interface PackedColumn {
  kind: 'number' | 'text';
  /** number: the values; text: codes into `values` (−1 where missing). */
  data: Float64Array | Int32Array;
  values: string[];
  /** 1 where the field is undefined; null when it never is. */
  missing: Uint8Array | null;
}

export interface PackedRecords {
  length: number;
  /** Field names in the records' own order. */
  fields: string[];
  columns: Record<string, PackedColumn>;
}

/** What TradeLog and OrderLog offer their readers. */
export interface RecordList<T> {
  readonly length: number;
  at(i: number): T;
  toArray(): T[];
}

class ColumnBuilder {
  kind: 'number' | 'text' | undefined;
  data: Float64Array | Int32Array | undefined;
  readonly values: string[] = [];
  missing: Uint8Array | null = null;
  private readonly codes = new Map<string, number>();

  constructor(
    private readonly field: string,
    private readonly n: number,
  ) {}

  set(i: number, value: unknown): void {
    if (value === undefined) {
      (this.missing ??= new Uint8Array(this.n))[i] = 1;
      return;
    }
    const kind = typeof value === 'number' ? 'number' : typeof value === 'string' ? 'text' : undefined;
    if (kind === undefined || (this.kind !== undefined && kind !== this.kind))
      throw new TypeError(
        `record ${i}: ${this.field} is a ${typeof value}, expected a ${this.kind ?? 'number or string'}`,
      );
    if (this.kind === undefined) {
      this.kind = kind;
      this.data = kind === 'number' ? new Float64Array(this.n) : new Int32Array(this.n).fill(-1);
    }
    if (kind === 'number') {
      this.data![i] = value as number;
      return;
    }
    let code = this.codes.get(value as string);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value as string);
      this.codes.set(value as string, code);
    }
    this.data![i] = code;
  }

  finish(): PackedColumn {
    return {
      kind: this.kind ?? 'text',
      data: this.data ?? new Int32Array(this.n).fill(-1),
      values: this.values,
      missing: this.missing,
    };
  }
}

/** Packs `list`; throws naming the field when a value is neither a number, a string nor undefined. */
export function packRecords(list: { readonly length: number; at(i: number): object }): PackedRecords {
  const n = list.length;
  if (n === 0) return { length: 0, fields: [], columns: {} };
  const first = list.at(0) as Record<string, unknown>;
  const fields = Object.keys(first);
  const builders = fields.map((f) => new ColumnBuilder(f, n));
  for (let i = 0; i < n; i++) {
    const record = (i === 0 ? first : list.at(i)) as Record<string, unknown>;
    for (let k = 0; k < fields.length; k++) builders[k]!.set(i, record[fields[k]!]);
  }
  const columns: Record<string, PackedColumn> = {};
  fields.forEach((f, k) => (columns[f] = builders[k]!.finish()));
  return { length: n, fields, columns };
}

/** The records of `packed` as a list; `at(i)` builds record i afresh. */
export function unpackRecords<T>(packed: PackedRecords): RecordList<T> {
  const { length, fields, columns } = packed;
  const at = (i: number): T => {
    const record: Record<string, unknown> = {};
    for (const field of fields) {
      const c = columns[field]!;
      if (c.missing?.[i]) record[field] = undefined;
      else record[field] = c.kind === 'number' ? c.data[i] : c.values[c.data[i]!];
    }
    return record as T;
  };
  return { length, at, toArray: () => Array.from({ length }, (_, i) => at(i)) };
}
