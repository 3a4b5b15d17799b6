import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const WEB = fileURLToPath(new URL('../../web/src/', import.meta.url));
const STYLES = readFileSync(join(WEB, 'styles.css'), 'utf8');

const files = (extension: string): string[] =>
  readdirSync(WEB, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(extension))
    .sort();

type Scheme = 'light' | 'dark';

/** The palette of styles.css: each `--name: light-dark(#light, #dark);` of its first `:root` rule. */
function palette(css: string): Map<string, Record<Scheme, string>> {
  const root = /:root\s*\{([^}]*)\}/.exec(css)?.[1] ?? '';
  const colours = new Map<string, Record<Scheme, string>>();
  for (const [, name, light, dark] of root.matchAll(/--([\w-]+):\s*light-dark\(\s*(#[0-9a-f]+)\s*,\s*(#[0-9a-f]+)\s*\)\s*;/gi)) {
    colours.set(name!, { light: light!, dark: dark! });
  }
  return colours;
}

/** The colour's red, green and blue channels (0–255), of #rgb, #rrggbb or #rrggbbaa (opaque only). */
function channels(hex: string): [number, number, number] {
  const digits = hex.slice(1);
  const full = digits.length === 3 ? digits.replace(/./g, (digit) => digit + digit) : digits;
  if (full.length !== 6) throw new Error(`${hex}: a text or background colour must be opaque (#rrggbb)`);
  return [0, 2, 4].map((at) => Number.parseInt(full.slice(at, at + 2), 16)) as [number, number, number];
}

/** WCAG 2's relative luminance (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance). */
function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2's contrast ratio, from 1 to 21 (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio). */
function contrast(a: string, b: string): number {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

/** AA: 4.5:1 for text (1.4.3), 3:1 for the boundary of a control and the focus ring (1.4.11). */
const TEXT = 4.5;
const BOUNDARY = 3;

/** The backgrounds text is written on: the page, the current settings link, dialogs and menus, the email notice. */
const SURFACES = ['bg', 'surface', 'raised', 'notice-bg'];

/** Every colour that is read against another in the page's CSS, and the contrast AA asks of the pair. */
const PAIRS: { fg: string; bg: string; min: number; where: string }[] = [
  // Text, hints, links, refusals, statuses: any of them may stand on any surface.
  ...['text', 'muted', 'accent', 'danger', 'success', 'warning'].flatMap((fg) =>
    SURFACES.map((bg) => ({ fg, bg, min: TEXT, where: 'text on a surface' })),
  ),
  { fg: 'on-accent', bg: 'accent', min: TEXT, where: 'a button, the highlighted menu item, a ticked checkbox' },
  { fg: 'on-accent', bg: 'accent-hover', min: TEXT, where: 'a button under the pointer' },
  { fg: 'on-danger', bg: 'danger', min: TEXT, where: 'a danger button' },
  { fg: 'on-danger', bg: 'accent-hover', min: TEXT, where: 'a danger button under the pointer' },
  { fg: 'text', bg: 'surface', min: TEXT, where: 'an icon button under the pointer' },
  { fg: 'bg', bg: 'muted', min: TEXT, where: 'the tick of a checkbox ticked and disabled' },
  // The focus ring (3 px of accent, 2 px out) stands on every surface.
  ...SURFACES.map((bg) => ({ fg: 'accent', bg, min: BOUNDARY, where: 'the focus ring' })),
  // Controls sit on the page and in dialogs.
  ...['bg', 'raised'].flatMap((bg) => [
    { fg: 'control-border', bg, min: BOUNDARY, where: 'the border of a field' },
    { fg: 'muted', bg, min: BOUNDARY, where: 'the border of a checkbox' },
    { fg: 'danger', bg, min: BOUNDARY, where: 'the border of a refused field' },
  ]),
];

/** Colours no text stands on and no control is told apart by: dividers, the notice's frame, shadows, the dialogs' backdrop. */
const DECORATIVE = ['border', 'notice-border', 'warning-border', 'overlay', 'shadow', 'shadow-soft', 'shadow-faint'];

describe('the palette (web/src/styles.css)', () => {
  const colours = palette(STYLES);

  it('gives each colour for both schemes', () => {
    expect(colours.size).toBeGreaterThan(10);
    expect([...colours.keys()]).toContain('bg');
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`meets WCAG AA for every pair in the ${scheme} scheme`, () => {
      const failing = PAIRS.flatMap(({ fg, bg, min, where }) => {
        const fore = colours.get(fg)?.[scheme];
        const back = colours.get(bg)?.[scheme];
        if (fore === undefined || back === undefined) return [`${fg} on ${bg}: not in the palette`];
        const ratio = contrast(fore, back);
        return ratio >= min ? [] : [`${fg} ${fore} on ${bg} ${back} (${where}): ${ratio.toFixed(2)}:1, below ${min}:1`];
      });
      expect(failing).toEqual([]);
    });
  }

  it('knows every colour: each is held to a contrast or named decorative', () => {
    const judged = new Set([...PAIRS.flatMap(({ fg, bg }) => [fg, bg]), ...DECORATIVE]);
    expect([...colours.keys()].filter((name) => !judged.has(name))).toEqual([]);
  });

  it('computes contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrast('#fff', '#fff')).toBe(1);
  });

  it('refuses a pair below AA', () => {
    // The light scheme's muted text on the dark scheme's page: what a palette half-changed would give.
    expect(contrast(colours.get('muted')!.light, colours.get('bg')!.dark)).toBeLessThan(TEXT);
  });
});

/** A colour written as itself: hex, a colour function, or a named colour (the ones a hand reaches for). */
const COLOUR_LITERAL = /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(|(?<![\w-])(?:white|black|red|green|blue|gray|grey|yellow|orange|purple|silver|navy|maroon)(?![\w-])/i;

describe('every colour of the page is a variable of the palette', () => {
  it('no stylesheet writes a colour outside the palette', () => {
    const found = files('.css').flatMap((file) => {
      let css = readFileSync(join(WEB, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      if (file === 'styles.css') css = css.replace(/:root\s*\{[^}]*\}/, '');
      return css
        .split('\n')
        .filter((line) => COLOUR_LITERAL.test(line))
        .map((line) => `${file}: ${line.trim()}`);
    });
    expect(found).toEqual([]);
  });

  it('no stylesheet uses a variable the palette lacks', () => {
    const colours = palette(STYLES);
    const missing = files('.css').flatMap((file) =>
      [...readFileSync(join(WEB, file), 'utf8').matchAll(/var\(--([\w-]+)\)/g)].map(([, name]) => name!).filter((name) => !colours.has(name)).map((name) => `${file}: --${name}`),
    );
    expect(missing).toEqual([]);
  });

  it('no component sets a colour of its own', () => {
    const found = [...files('.tsx'), ...files('.ts')].flatMap((file) =>
      readFileSync(join(WEB, file), 'utf8')
        .split('\n')
        .filter((line) => /\b(?:color|background\w*|border\w*|fill|stroke|outline\w*)\s*:\s*['"`][^'"`]*/i.test(line) && COLOUR_LITERAL.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });

  it('would find a colour written by hand', () => {
    expect(COLOUR_LITERAL.test('.x { background: #fff; }')).toBe(true);
    expect(COLOUR_LITERAL.test('.x { box-shadow: 0 1px rgba(0, 0, 0, 0.1); }')).toBe(true);
    expect(COLOUR_LITERAL.test('.x { color: white; }')).toBe(true);
    expect(COLOUR_LITERAL.test('.x { white-space: nowrap; color: var(--text); }')).toBe(false);
  });
});
