// Owners as the user wrote them: the model keeps `sam` for `@sam`, the outline and the action list
// show what is in the text.
import { lineMapOf } from '../text';
import type { Located, Report } from '../types';

export function ownerAsWritten(report: Report, owner: Located, lines = lineMapOf(report.text)): string {
  const { start, end } = owner.range;
  if (start.line !== end.line) return owner.value;
  const written = lines.text.slice(lines.offsetAt(start), lines.offsetAt(end)).trim();
  return written || owner.value;
}
