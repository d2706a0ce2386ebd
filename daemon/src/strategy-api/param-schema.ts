// The parameter-schema builders a user strategy gets as `z` from 'quanttrade/strategy': the zod
// functions a parameter form needs, and no more. Listing them (instead of handing over zod's whole
// namespace) keeps its 60 locales and codecs out of the sandbox runtime, which every backtest of
// user code instantiates afresh; a user strategy still gets the same schemas the templates use.
export {
  array,
  boolean,
  discriminatedUnion,
  enum,
  int,
  literal,
  looseObject,
  nullable,
  number,
  object,
  optional,
  strictObject,
  string,
  tuple,
  union,
  toJSONSchema,
  type infer,
  type input,
  type output,
  type ZodType,
} from 'zod';
