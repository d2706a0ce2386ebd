// A script in a project of its own that installed the packed tarball: test/package/client-package.test.ts
// type-checks it (NodeNext and Bundler) and runs it against a daemon. Each @ts-expect-error must
// be an error, and IsAny<…> false, or the check fails: so the router types reach the user.
/* eslint-disable @typescript-eslint/no-unused-vars -- the declarations below are type assertions */
import { createClient } from 'quanttrade/client';

type IsAny<T> = 0 extends 1 & T ? true : false;

const qt = createClient({ url: process.env.QUANTTRADE_URL!, token: process.env.QUANTTRADE_TOKEN });
const info = await qt.api.system.info.query();
const version: string = info.version;
// @ts-expect-error the router's output types are there: version is a string
const notANumber: number = info.version;

const strategies = await qt.api.strategies.list.query({ limit: 5 });
const firstId: number | undefined = strategies.items[0]?.id;

function neverCalled() {
  // @ts-expect-error the router's input types are there: limit is a number
  return qt.api.strategies.list.query({ limit: 'five' });
}

function followProgress(id: number) {
  return qt.api.backtests.progress.subscribe(
    { id },
    {
      onData(event) {
        const eventIsAny: IsAny<typeof event> = false;
        const percent: number = event.percent;
        // @ts-expect-error event payloads are typed: percent is a number
        const notAString: string = event.percent;
      },
    },
  );
}

const lag = await new Promise<number>((resolve, reject) => {
  const sub = qt.api.system.events.subscribe(undefined, {
    onData(event) {
      const payloadIsAny: IsAny<typeof event.payload> = false;
      if (event.type === 'system.heartbeat') {
        sub.unsubscribe();
        resolve(event.payload.eventLoopLagMs);
      }
    },
    onError: reject,
  });
});
console.log(
  JSON.stringify({
    version,
    strategies: strategies.total,
    firstId: firstId ?? null,
    lagIsNumber: typeof lag === 'number',
  }),
);
qt.close();
