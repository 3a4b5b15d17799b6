import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers of docs/ARCHITECTURE.md, checked on the import lines of every TypeScript source:
 * domain imports nothing of the project outside itself; commands and queries do not import each
 * other, and commands neither HTTP nor the presenters (they answer with records; routes present);
 * the model, below both, imports neither, and the presenters no I/O; the settings sit below the
 * configuration and the commands; HTTP reads the database through commands and queries (types
 * aside, and the health probe, which asks the database itself); the page takes from the server
 * only the domain and the page paths (its wire types are the typed client's); the typed client stands alone, and
 * the page takes it by its entry point.
 */

const ROOT = resolve(import.meta.dirname, '../..');

interface Import {
  /** The importing file, from the project's root: `src/commands/x.ts`. */
  from: string;
  /** The imported file of the project, from the root; null for a package. */
  to: string | null;
  specifier: string;
  typeOnly: boolean;
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.d.ts'))
    .map((file) => join(dir, file).split('\\').join('/'));
}

// `import … from '…'`, `export … from '…'` (over several lines), `import '…'` and `import('…')`.
const STATIC = /^\s*(import|export)\s+(type\s+)?([^;'"]*?)\s+from\s+['"]([^'"]+)['"]/gmu;
const BARE = /^\s*import\s+['"]([^'"]+)['"]/gmu;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/gu;

/** Whether every name a clause brings in is a type: `type { A }`, or `{ type A, type B }`. */
function onlyTypes(typeKeyword: string | undefined, clause: string): boolean {
  if (typeKeyword !== undefined) return true;
  const braces = /^\{([\s\S]*)\}$/u.exec(clause.trim());
  if (!braces?.[1]) return false;
  const names = braces[1].split(',').map((name) => name.trim()).filter((name) => name !== '');
  return names.length > 0 && names.every((name) => name.startsWith('type '));
}

function target(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const path = relative(ROOT, resolve(ROOT, dirname(from), specifier)).split('\\').join('/');
  return path.replace(/\.js$/u, '.ts');
}

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: Import[] = [];
  for (const match of text.matchAll(STATIC)) {
    const specifier = match[4] ?? '';
    found.push({ from: file, to: target(file, specifier), specifier, typeOnly: onlyTypes(match[2], match[3] ?? '') });
  }
  for (const match of [...text.matchAll(BARE), ...text.matchAll(DYNAMIC)]) {
    const specifier = match[1] ?? '';
    found.push({ from: file, to: target(file, specifier), specifier, typeOnly: false });
  }
  return found;
}

const ALL = [...sources('src'), ...sources('web'), ...sources('clients/typescript')].flatMap(importsOf);

const inside = (path: string | null, dir: string) => path !== null && path.startsWith(`${dir}/`);
const list = (imports: Import[]) => imports.map((i) => `${i.from} → ${i.specifier}${i.typeOnly ? ' (types)' : ''}`);

/** Each rule: the imports it refuses. */
const RULES: Record<string, (i: Import) => boolean> = {
  'src/domain imports nothing of the project outside itself': (i) =>
    inside(i.from, 'src/domain') && i.to !== null && !inside(i.to, 'src/domain'),
  'src/commands imports neither src/http nor src/queries': (i) =>
    inside(i.from, 'src/commands') && (inside(i.to, 'src/http') || inside(i.to, 'src/queries')),
  'src/queries does not import src/commands': (i) => inside(i.from, 'src/queries') && inside(i.to, 'src/commands'),
  'src/commands does not import src/presenters: commands answer with records, routes present them': (i) =>
    inside(i.from, 'src/commands') && inside(i.to, 'src/presenters'),
  'src/model imports neither src/commands, src/queries, src/presenters nor src/http': (i) =>
    inside(i.from, 'src/model') && ['src/commands', 'src/queries', 'src/presenters', 'src/http'].some((dir) => inside(i.to, dir)),
  'src/presenters imports neither src/commands, src/queries nor src/http, and of src/db only types': (i) =>
    inside(i.from, 'src/presenters') &&
    (['src/commands', 'src/queries', 'src/http'].some((dir) => inside(i.to, dir)) || (inside(i.to, 'src/db') && !i.typeOnly)),
  'src/settings.ts imports nothing of the project; src/config.ts neither commands, queries nor http': (i) =>
    (i.from === 'src/settings.ts' && i.to !== null) ||
    (i.from === 'src/config.ts' && ['src/commands', 'src/queries', 'src/http'].some((dir) => inside(i.to, dir))),
  'web imports of src/ only src/domain and the page paths: its wire types are the typed client’s': (i) =>
    inside(i.from, 'web') && inside(i.to, 'src') && !inside(i.to, 'src/domain') && i.to !== 'src/http/page-paths.ts',
  'src/http imports of src/db only types': (i) => inside(i.from, 'src/http') && inside(i.to, 'src/db') && !i.typeOnly,
  'the typed client (clients/typescript/src) imports nothing of the project outside itself: it is a package of its own': (i) =>
    inside(i.from, 'clients/typescript/src') && i.to !== null && !inside(i.to, 'clients/typescript/src'),
  'the page takes the typed client by its entry point only': (i) =>
    inside(i.from, 'web') && inside(i.to, 'clients') && i.to !== 'clients/typescript/src/index.ts',
};

describe('the layers (docs/ARCHITECTURE.md)', () => {
  it('finds the imports of every source', () => {
    // A check that reads nothing passes anything: make sure it reads what it checks.
    expect(ALL.filter((i) => inside(i.from, 'src/commands') && inside(i.to, 'src/domain')).length).toBeGreaterThan(20);
    expect(ALL.some((i) => i.from === 'web/src/api.ts' && i.to === 'clients/typescript/src/index.ts')).toBe(true);
    expect(ALL.some((i) => i.from === 'clients/typescript/src/index.ts' && i.to === 'clients/typescript/src/schema.ts' && i.typeOnly)).toBe(true);
    expect(ALL.some((i) => i.from === 'src/http/routes/members.ts' && i.to === 'src/commands/remove-from-company.ts')).toBe(true);
    expect(ALL.some((i) => i.from === 'src/http/routes/members.ts' && i.to === 'src/presenters/members.ts')).toBe(true);
    expect(ALL.some((i) => i.from === 'src/config.ts' && i.to === 'src/settings.ts')).toBe(true);
  });

  for (const [rule, refuses] of Object.entries(RULES)) {
    it(rule, () => {
      expect(list(ALL.filter(refuses))).toEqual([]);
    });
  }

  it('tells a type-only import from one that brings in code', () => {
    expect(onlyTypes('type ', '{ Db }')).toBe(true);
    expect(onlyTypes(undefined, '{ type Db, type Tx }')).toBe(true);
    expect(onlyTypes(undefined, '{ type Db, lockCompany }')).toBe(false);
    expect(onlyTypes(undefined, 'Default')).toBe(false);
  });
});
