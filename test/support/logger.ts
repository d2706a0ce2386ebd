import pino, { type Logger } from 'pino';

/** A logger that writes nothing; set TEST_LOG=debug to see daemon logs while debugging a test. */
export function testLogger(): Logger {
  return pino({ level: process.env.TEST_LOG ?? 'silent' });
}
