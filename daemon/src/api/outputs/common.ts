// Building blocks of the procedures' output schemas (`.output(...)` on every query and mutation).
// They describe what the API returns — for the OpenAPI document (api/rest/) and for the typed
// client — and tRPC checks each answer against them at run time, so the description cannot drift
// from what is sent: a procedure that returns something its schema does not allow fails loudly
// (INTERNAL_SERVER_ERROR, logged) instead of documenting a lie. Objects are z.object: a field
// the schema does not name is stripped, never leaked.
import { z } from 'zod';

/** A time as the API sends every time: ISO 8601 with an offset (`Z` or `+05:30`). */
export const isoTime = z.iso.datetime({ offset: true });

/** An exact decimal as PostgreSQL prints a numeric (rupees, prices, quantities): `"1234.50"`. */
export const decimalString = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .describe('Exact decimal as a string, e.g. "1234.50"');

/** A JSON object whose fields the procedure does not fix (specs, statistics, parameters). */
export const jsonObject = z.record(z.string(), z.unknown());

export const userRole = z.enum(['viewer', 'operator', 'admin']);

/** A queued job: what an ingest or backtest submission answers. */
export const jobId = z.string().describe('pg-boss job id (uuid)');
