// Line maps made from the previous version's map (a keystroke) say what a fresh map of the new text says.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineMap } from '../../server/src/core/text';

const positionsOf = (map: LineMap) => Array.from({ length: map.text.length + 1 }, (_, offset) => map.positionAt(offset));

describe('line maps of edited texts', () => {
  it('equal a fresh map of the new text, whatever was replaced by whatever', () => {
    const text = fc.array(fc.constantFrom('a', 'b', '\n', '\r', ' '), { maxLength: 60 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), text, (before, x, y, inserted) => {
        const from = Math.min(x, y) % (before.length + 1);
        const to = Math.min(before.length, from + (Math.max(x, y) % 8));
        const after = before.slice(0, from) + inserted + before.slice(to);
        const edited = LineMap.edited(new LineMap(before), after, from, from + inserted.length);
        const fresh = new LineMap(after);
        assert.equal(edited.lineCount, fresh.lineCount);
        assert.deepEqual(positionsOf(edited), positionsOf(fresh));
        for (let line = 0; line < fresh.lineCount; line++) assert.equal(edited.lineText(line), fresh.lineText(line));
      }),
      { numRuns: 2000 },
    );
  });
});
