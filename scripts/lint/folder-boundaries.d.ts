// Types for the ESLint plugin in folder-boundaries.js (imported by its test).
import type { ESLint } from 'eslint';

declare const plugin: ESLint.Plugin;
export default plugin;
