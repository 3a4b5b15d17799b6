import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The project's docs are the spec: a `§` in the code or the docs cites docs/RULES.md, and `API.md`
 * with a quoted heading cites a section of docs/API.md. These fail on a citation of a section, a
 * numbered rule or a named part (a heading or a bold phrase of the section, or their first words)
 * that the page does not have, so that a rule renumbered or renamed takes its citations along; and
 * on any mention of the rules' former home outside the repository.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** The files that may cite the rules: sources, tests, the page, the docs. */
function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => pattern.test(name) && !name.includes('node_modules'))
    .map((name) => join(dir, name));
}
const CODE = [...filesUnder('src', /\.tsx?$/), ...filesUnder('web/src', /\.tsx?$/), ...filesUnder('test', /\.tsx?$/)];
const DOCS = [...filesUnder('docs', /\.md$/), 'README.md'];
// bench/ numbers its own sections (`§3 of the suite`): only its explicit citations are read.
const BENCH = filesUnder('bench', /\.ts$/);

/** RULES.md's sections by number: the text from `## N.` to the next `## `. */
const RULES = read('docs/RULES.md');
const sections = new Map<string, { text: string; names: string[] }>();
for (const part of RULES.split(/^## /m).slice(1)) {
  const number = /^(\d+)\. /.exec(part)?.[1];
  const names = [...part.matchAll(/^#{3,4} (.+)$/gm), ...part.matchAll(/\*\*([^*]+)\*\*/g)].map((match) => (match[1] ?? '').toLowerCase());
  if (number !== undefined) sections.set(number, { text: part, names });
}

/** What is wrong with one citation `§N[.M] ["name"]`, or undefined when RULES.md has it. */
function problemWith(section: string, rule: string | undefined, name: string | undefined): string | undefined {
  const found = sections.get(section);
  if (found === undefined) return `RULES.md has no section ${section}`;
  if (rule !== undefined && !found.text.includes(`**${section}.${rule}**`)) return `RULES.md §${section} has no rule ${section}.${rule}`;
  if (name !== undefined && !found.names.some((heading) => heading.startsWith(name.toLowerCase()))) {
    return `RULES.md §${section} has no heading or bold phrase "${name}"`;
  }
  return undefined;
}

/** A quoted name that runs over a comment's line break, as one line. */
const oneLine = (name: string): string => name.replace(/\s*\n\s*(?:\*|\/\/)?\s*/g, ' ');

/** Every citation of the rules in a text: bare `§…`, or only those after `RULES.md` (bench). */
function citations(text: string, explicitOnly: boolean): { at: string; problem: string }[] {
  const found: { at: string; problem: string }[] = [];
  const pattern = explicitOnly ? /RULES\.md\s+§(\d+)(?:\.(\d+))?(?: "([^"]+)")?/g : /§(\d+)(?:\.(\d+))?(?: "([^"]+)")?/g;
  for (const match of text.matchAll(pattern)) {
    const [whole, section = '', rule, name] = match;
    const problem = problemWith(section, rule, name === undefined ? undefined : oneLine(name));
    if (problem) found.push({ at: whole, problem });
  }
  return found;
}

describe('citations of the rules', () => {
  it('RULES.md numbers its sections 1 to 6 and the rules of §2 and §3', () => {
    expect([...sections.keys()]).toEqual(['1', '2', '3', '4', '5', '6']);
    for (const rule of ['2.1', '2.2', '2.3', '2.4', '2.5', '3.1', '3.2', '3.3', '3.4', '3.5', '3.6']) expect(RULES).toContain(`**${rule}**`);
  });

  it('name only sections, rules and parts that RULES.md has', () => {
    const wrong = [
      ...[...CODE, ...DOCS].flatMap((path) => citations(read(path), false).map((c) => `${path}: ${c.at} — ${c.problem}`)),
      ...BENCH.flatMap((path) => citations(read(path), true).map((c) => `${path}: ${c.at} — ${c.problem}`)),
    ];
    expect(wrong).toEqual([]);
  });

  it('name only sections that docs/API.md has', () => {
    const headings = new Set([...read('docs/API.md').matchAll(/^#{2,3} (.+)$/gm)].map((match) => match[1]));
    const wrong = [...CODE, ...BENCH, ...DOCS].flatMap((path) =>
      [...read(path).matchAll(/API\.md "([^"]+)"/g)]
        .filter((match) => !headings.has(oneLine(match[1] ?? '')))
        .map((match) => `${path}: ${match[0]}`),
    );
    expect(wrong).toEqual([]);
  });

  it('point into the repository, never at a spec outside it', () => {
    const outside = [...CODE, ...BENCH, ...DOCS, 'vitest.config.ts']
      .filter((path) => /PRODUCT\.md|shared\/spec/.test(read(path)))
      .map((path) => relative(ROOT, join(ROOT, path)));
    expect(outside).toEqual([]);
  });
});
