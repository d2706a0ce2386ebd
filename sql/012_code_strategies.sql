-- 012_code_strategies: strategies written as code (issue 16). A version is either a built-in
-- template with parameters (as before) or the source of the user's own module — TypeScript or
-- JavaScript, compiled and run in the strategy sandbox — with parameters for it. Every save of a
-- source is a new version; backtests (and deployments) point at the version they ran, so the
-- code that produced a result is always the code stored with it.
ALTER TABLE strategy_versions
  ALTER COLUMN template DROP NOT NULL,
  ADD COLUMN source       text,
  -- SHA-256 of the source text, hex: what a run records and what the CLI compares (strategy diff).
  ADD COLUMN source_hash  text,
  ADD COLUMN language     text,
  -- What the code declared when it was saved (defineStrategy's name and its parameters as JSON
  -- Schema): shown in lists and used to build the parameter form without running the code.
  ADD COLUMN code_name    text,
  ADD COLUMN param_schema jsonb,
  ADD CONSTRAINT strategy_versions_template_or_code CHECK (
    (template IS NOT NULL AND source IS NULL AND source_hash IS NULL AND language IS NULL
       AND code_name IS NULL AND param_schema IS NULL)
    OR (template IS NULL AND source IS NOT NULL AND length(source) <= 262144
        AND source_hash ~ '^[0-9a-f]{64}$' AND language IN ('ts', 'js')
        AND code_name IS NOT NULL AND param_schema IS NOT NULL)
  );
