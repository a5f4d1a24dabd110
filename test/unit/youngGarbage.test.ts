// The server's idle-time collection of young garbage (server/src/node/youngGarbage.ts): it collects
// only when the young generation is half full and the process can collect, and V8's own figures
// are read as it expects them.
import assert from 'node:assert/strict';
import { collectYoungGarbage, youngGeneration } from '../../server/src/node/youngGarbage';

describe('collecting young garbage while idle', () => {
  const collections = () => {
    const asked: unknown[] = [];
    return { asked, collect: (options: { type: 'minor' }) => void asked.push(options) };
  };

  it('makes a minor collection once the young generation is half full, and none before', () => {
    const { asked, collect } = collections();
    assert.equal(collectYoungGarbage(0.5, () => ({ size: 16 << 20, used: (8 << 20) - 1 }), collect), false);
    assert.deepEqual(asked, []);
    assert.equal(collectYoungGarbage(0.5, () => ({ size: 16 << 20, used: 8 << 20 }), collect), true);
    assert.deepEqual(asked, [{ type: 'minor' }]);
  });

  it('does nothing where the process cannot collect (started without --expose-gc)', () => {
    assert.equal(collectYoungGarbage(0, () => ({ size: 1, used: 1 }), undefined), false);
  });

  it('reads the size and use of this process\'s young generation, new large objects included', () => {
    assert.ok(youngGeneration().size > 0, 'the young generation has a size');
    // An array of 1.6 MB is made in the young generation's large-object space, and counts as used.
    // A collection may fall between the two readings: then it is tried again.
    const kept: number[][] = [];
    let grew = 0;
    for (let attempt = 0; attempt < 5 && grew < 1_600_000; attempt++) {
      const before = youngGeneration().used;
      kept.push(new Array(200_000).fill(attempt));
      grew = youngGeneration().used - before;
    }
    assert.ok(grew >= 1_600_000, `the young generation grew by ${grew} bytes`);
  });
});
