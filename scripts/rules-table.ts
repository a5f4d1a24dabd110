// Prints the rules table (rule | default | what it finds) from the rules' own metadata.
//   npx tsx scripts/rules-table.ts                  print the table
//   npx tsx scripts/rules-table.ts --check FILE     exit 1 when FILE's table is out of date (CI)
//   npx tsx scripts/rules-table.ts --write FILE     replace FILE's table
// The table in FILE sits between `<!-- rules-table:start -->` and `<!-- rules-table:end -->`.
import { dirname, relative, resolve, sep } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { rules } from '../server/src/core/rules';

const START = '<!-- rules-table:start -->';
const END = '<!-- rules-table:end -->';

export function rulesTable(linkBase = ''): string {
  const rows = rules.map((r) => `| [\`${r.id}\`](${linkBase}${r.id}.md) | ${r.defaultSeverity}${r.draftSeverity ? ` (${r.draftSeverity} in a draft)` : ''} | ${r.description} |`);
  return ['| rule | default | what it finds |', '|---|---|---|', ...rows].join('\n');
}

/** FILE's text with the table between the markers replaced, or undefined when the markers are missing. */
export function withTable(text: string, table: string): string | undefined {
  const s = text.indexOf(START);
  const e = text.indexOf(END);
  if (s < 0 || e < s) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return `${text.slice(0, s + START.length)}${eol}${table.replace(/\n/g, eol)}${eol}${text.slice(e)}`;
}

function main(args: string[]): number {
  const [mode, file] = args;
  if (!mode) {
    console.log(rulesTable());
    return 0;
  }
  if ((mode !== '--check' && mode !== '--write') || !file) {
    console.error('usage: rules-table.ts [--check FILE | --write FILE]');
    return 2;
  }
  const text = readFileSync(file, 'utf8');
  // Links are relative to the file the table stands in (README.md or docs/rules/README.md).
  const base = relative(dirname(resolve(file)), resolve('docs/rules')).split(sep).join('/');
  const updated = withTable(text, rulesTable(base ? `${base}/` : ''));
  if (updated === undefined) {
    console.error(`${file}: no ${START} … ${END} markers`);
    return 1;
  }
  if (mode === '--write') {
    if (updated !== text) writeFileSync(file, updated);
    return 0;
  }
  if (updated !== text) {
    console.error(`${file}: the rules table is out of date; run: npx tsx scripts/rules-table.ts --write ${file}`);
    return 1;
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
