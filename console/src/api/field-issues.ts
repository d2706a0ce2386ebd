// The daemon's field problems (data.issues: path, value, expected) as inline form messages,
// worded like the console's own validator so both read the same.
import type { FieldIssue } from '../forms/schema-validate';
import type { CallError } from './error-message';

export function serverIssues(error: CallError | undefined): FieldIssue[] {
  return (error?.issues ?? []).map((i) => ({
    path: i.path,
    message: `${i.path}: got ${i.value === undefined ? 'nothing' : JSON.stringify(i.value)}, expected ${i.expected}`,
  }));
}
