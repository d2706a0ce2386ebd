// ESLint rules for the daemon's folder boundaries (docs/development.md, "Boundaries"). Each
// top-level folder of daemon/src is a domain; these rules judge imports between domains by the
// folder they resolve to, however deep the importing file sits:
//
//   folders/boundaries  a pure folder imports only pure folders (every other folder is an
//                       adapter, so a new folder is an adapter until listed as pure); a
//                       self-contained folder (core) imports no other folder at all.
//   folders/no-cycles   no cycle between folders: an import from A to B is refused when B already
//                       reaches A, and the message names the files that make the way back.
//
// The cycle rule needs the whole folder graph: it reads every source file under the root once per
// process (TypeScript's preProcessFile: imports, `import type`, re-exports, dynamic imports and
// module augmentations all count) and refreshes the entry of the file being linted from its
// current text. Tests (*.test.ts) are not part of the graph: they may reach across folders.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const SOURCE = /\.(ts|tsx|mts)$/;
const TEST = /\.test\.(ts|tsx|mts)$/;

/** The top-level folder under `root` that `file` belongs to; undefined outside root or at its top. */
function folderOf(root, file) {
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  const parts = rel.split(sep);
  return parts.length > 1 ? parts[0] : undefined;
}

/** Imports of `file` that resolve into another top-level folder of `root`. */
function crossings(root, file, text) {
  const from = folderOf(root, file);
  if (!from) return [];
  const found = [];
  for (const { fileName, pos } of ts.preProcessFile(text, true, true).importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const to = folderOf(root, resolve(dirname(file), fileName));
    if (to && to !== from) found.push({ from, to, file, specifier: fileName, pos });
  }
  return found;
}

function sourceFiles(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, out);
    else if (SOURCE.test(entry.name) && !TEST.test(entry.name)) out.push(full);
  }
  return out;
}

/** Per root: file → its crossings, read once per process. */
const graphs = new Map();

function fileEdges(root) {
  let edges = graphs.get(root);
  if (!edges) {
    edges = new Map();
    for (const file of sourceFiles(root)) edges.set(file, crossings(root, file, readFileSync(file, 'utf8')));
    graphs.set(root, edges);
  }
  return edges;
}

/** Folder → folder it imports → one import that does it (for the message). */
function folderGraph(edges) {
  const graph = new Map();
  for (const list of edges.values()) {
    for (const edge of list) {
      const targets = graph.get(edge.from) ?? new Map();
      if (!targets.has(edge.to)) targets.set(edge.to, edge);
      graph.set(edge.from, targets);
    }
  }
  return graph;
}

/** The shortest chain of imports from folder `start` to folder `goal`, or undefined. */
function pathBetween(graph, start, goal) {
  const via = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const folder = queue.shift();
    for (const [next, edge] of graph.get(folder) ?? []) {
      if (via.has(next)) continue;
      via.set(next, edge);
      if (next === goal) {
        const chain = [];
        for (let at = goal; at !== start; at = via.get(at).from) chain.unshift(via.get(at));
        return chain;
      }
      queue.push(next);
    }
  }
  return undefined;
}

function rootOf(context) {
  const root = context.options[0]?.root ?? 'daemon/src';
  return resolve(context.cwd, root);
}

const rootOption = { type: 'string', description: 'The folder whose top-level folders are the domains.' };

const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Pure folders import only pure folders; self-contained folders import none.' },
    schema: [
      {
        type: 'object',
        properties: {
          root: rootOption,
          pure: { type: 'array', items: { type: 'string' } },
          selfContained: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      selfContained:
        "{{from}} imports no other folder (everything builds on it), but this imports {{to}} ('{{specifier}}').",
      pure: "{{from}} is pure and may not import the adapter {{to}} ('{{specifier}}'): dependencies point inward; inject a port instead.",
    },
  },
  create(context) {
    const root = rootOf(context);
    const pure = new Set(context.options[0]?.pure ?? []);
    const selfContained = new Set(context.options[0]?.selfContained ?? []);
    const source = context.sourceCode;
    for (const edge of crossings(root, context.filename, source.text)) {
      const messageId = selfContained.has(edge.from)
        ? 'selfContained'
        : pure.has(edge.from) && !pure.has(edge.to)
          ? 'pure'
          : undefined;
      if (!messageId) continue;
      context.report({
        loc: source.getLocFromIndex(edge.pos),
        messageId,
        data: { from: edge.from, to: edge.to, specifier: edge.specifier },
      });
    }
    return {};
  },
};

const noCycles = {
  meta: {
    type: 'problem',
    docs: { description: 'No import cycle between the top-level folders of the root.' },
    schema: [{ type: 'object', properties: { root: rootOption }, additionalProperties: false }],
    messages: {
      cycle:
        'Folder cycle {{cycle}}: this import makes {{from}} depend on {{to}}, which already depends on {{from}} ({{way}}). Move what both need inward, or let the lower folder offer a seam the higher one fills.',
    },
  },
  create(context) {
    const root = rootOf(context);
    const file = context.filename;
    if (TEST.test(file) || !folderOf(root, file)) return {};
    const source = context.sourceCode;
    const edges = fileEdges(root);
    const mine = crossings(root, file, source.text);
    edges.set(file, mine);
    const graph = folderGraph(edges);
    for (const edge of mine) {
      const back = pathBetween(graph, edge.to, edge.from);
      if (!back) continue;
      const cycle = [edge.from, edge.to, ...back.map((e) => e.to)].join(' → ');
      const way = back.map((e) => `${relative(root, e.file)} imports '${e.specifier}'`).join(', ');
      context.report({
        loc: source.getLocFromIndex(edge.pos),
        messageId: 'cycle',
        data: { cycle, from: edge.from, to: edge.to, way },
      });
    }
    return {};
  },
};

export default {
  meta: { name: 'quanttrade-folders' },
  rules: { boundaries, 'no-cycles': noCycles },
};
