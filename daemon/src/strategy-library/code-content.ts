// A code version's content, checked: the source compiled, type-checked against the strategy API
// and loaded in the sandbox, and the parameters parsed by the strategy's own schema. Anything
// wrong is a VALIDATION_FAILED error naming the line and column (`source:12:5: got "the line's
// text", expected valid code: …`), with every diagnostic in details.diagnostics for editors.
import { z } from 'zod';
import { AppError, validationError } from '../core/errors';
import { MAX_SOURCE_CHARS } from '../sandbox/compile';
import type { SourceDiagnostic, StrategyCode } from '../sandbox/strategy-code';
import type { CodeInfo } from './strategy-store';

export const sourceFields = {
  source: z
    .string()
    .min(1)
    .max(MAX_SOURCE_CHARS)
    .describe(
      "A strategy module: TypeScript or JavaScript importing only 'quanttrade/strategy' and 'quanttrade/indicators'",
    ),
  language: z.enum(['ts', 'js']).describe('ts (type-checked) or js'),
};

export function diagnosticsError(errors: SourceDiagnostic[]): AppError {
  const error = validationError(
    errors.slice(0, 10).map((d) => ({
      path: `source:${d.line}:${d.column}`,
      value: d.lineText?.trim(),
      expected: `${d.stage === 'types' ? 'well-typed' : 'valid'} code: ${d.message}`,
    })),
    'strategy source',
  );
  return new AppError('VALIDATION_FAILED', error.message, { ...error.details, diagnostics: errors });
}

export async function codeContent(
  code: StrategyCode,
  source: string,
  language: 'ts' | 'js',
  params: Record<string, unknown>,
): Promise<{ code: CodeInfo & { source: string }; params: Record<string, unknown> }> {
  const { report, strategy } = await code.check(source, language);
  if (!report.ok || !strategy || !report.description) throw diagnosticsError(report.errors);
  const parsed = await code.requireParams(strategy, params);
  return {
    code: {
      source,
      sourceHash: report.sourceHash,
      language,
      name: report.description.name,
      paramSchema: report.description.schema,
    },
    params: parsed,
  };
}
