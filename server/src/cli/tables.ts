// Tables as the listing verbs print them: aligned columns for a terminal, CSV (RFC 4180) and GFM
// Markdown. Pure: rows of text in, text out.

/**
 * One line of text safe to print on a terminal: line breaks and tabs become spaces, and control
 * characters (an escape sequence written into a report could move the cursor or retitle the
 * window) are dropped.
 */
export function terminalText(text: string): string {
  return (
    text
      .replace(/[\r\n\t\v\f\u2028\u2029\u0085]+/g, ' ')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
      .replace(/ {2,}/g, ' ')
      .trim()
  );
}

/** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
export function alignedTable(headers: string[], rows: string[][]): string {
  const cells = [headers, ...rows].map((row) => row.map(terminalText));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  return cells.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd()).join('\n') + '\n';
}

/** One CSV field: quoted when it holds a comma, a quote or a line break, quotes doubled (RFC 4180). */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** RFC 4180: a header record, then one record per row, each ended by CRLF. */
export function csvTable(headers: string[], rows: string[][]): string {
  return [headers, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

/** A GFM table cell: one line, `|` escaped so it cannot end the cell. */
function markdownCell(value: string): string {
  return value
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

export function markdownTable(headers: string[], rows: string[][]): string {
  const line = (row: string[]) => `| ${row.map(markdownCell).join(' | ')} |`;
  return [line(headers), `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n') + '\n';
}
