/** Plain-text tables for the terminal. */

/** A number with at most `digits` decimals, thousands separated. */
export function num(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Milliseconds, with more decimals where they matter. */
export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return num(value, value < 1 ? 3 : value < 10 ? 2 : 1);
}

/** A figure as a fraction of its limit, e.g. `0.42×`. */
export function ratio(value: number, limit: number | null | undefined): string {
  if (limit === null || limit === undefined || limit <= 0 || Number.isNaN(value)) return '—';
  return `${num(value / limit, 2)}×`;
}

/** Megabytes of a byte count. */
export const mb = (bytes: number | null | undefined): string =>
  bytes === null || bytes === undefined ? '—' : `${num(bytes / 1024 / 1024, 1)} MB`;

/** Prints a titled table; the first column is left-aligned, the others right-aligned. */
export function printTable(title: string, header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((width) => '─'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** A progress line on standard error, so that standard output stays the tables. */
export const progress = (message: string): void => {
  process.stderr.write(`  · ${message}\n`);
};
