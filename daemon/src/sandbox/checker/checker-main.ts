// Entry point of the type-checker process (bundled to dist/sandbox/checker.js, TypeScript loaded
// from node_modules; started by sandbox/type-checker.ts). Type-checking runs no user code, but a
// hostile type can make the compiler work or allocate without end: in a process of its own, with
// a heap limit and a deadline, that costs the daemon nothing. Requests come and go as frames.
import type { HostReply } from '../protocol';
import { encodeFrame, readFrame, writeAll } from '../host/frame-io';
import { createTypeChecker, typesDirNextTo } from './type-check';

const checker = createTypeChecker(typesDirNextTo(import.meta.url));
const send = (reply: HostReply) => writeAll(1, encodeFrame(reply));

send({ type: 'done', ok: true, value: { ready: true }, rssMb: -1 });
for (;;) {
  const request = readFrame(0) as { op: string; source?: unknown } | undefined;
  if (request === undefined) break;
  try {
    if (request.op !== 'type-check' || typeof request.source !== 'string') throw new Error('unknown request');
    send({ type: 'done', ok: true, value: checker.check(request.source), rssMb: -1 });
  } catch (err) {
    send({
      type: 'done',
      ok: false,
      error: { kind: 'internal', name: 'Error', message: String((err as Error)?.message ?? err) },
      rssMb: -1,
    });
  }
}
process.exit(0);
