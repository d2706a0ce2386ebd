// 'quanttrade/indicators': the indicator library as user strategies import it — the same
// incremental indicators the templates use (docs/indicators.md).
export * from '../indicators/index';
