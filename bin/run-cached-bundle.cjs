// Runs a CommonJS bundle through vm.Script with V8's code cache (`<bundle>.v8cache`), so its
// functions start from cached bytecode instead of being parsed and compiled on every start.
// scripts/build.mjs writes the cache from one warm-up run; a cache V8 rejects (another Node
// version, other V8 flags) costs nothing but the compile it would have saved.
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, resolve } = require('node:path');
const vm = require('node:vm');

/**
 * Loads `file` as CommonJS. Returns its exports, whether V8 rejected the cache (undefined when
 * there was none) and writeCache(), which saves the bytecode compiled so far for the next start.
 */
function loadCachedBundle(path) {
  const file = resolve(path);
  const cacheFile = `${file}.v8cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const source = readFileSync(file, 'utf8');
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    cacheRejected: cachedData === undefined ? undefined : script.cachedDataRejected,
    writeCache() {
      const partial = `${cacheFile}.${process.pid}`;
      writeFileSync(partial, script.createCachedData());
      renameSync(partial, cacheFile);
    },
  };
}

module.exports = { loadCachedBundle };
