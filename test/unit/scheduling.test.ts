// How the server paces what it tells the editor while it works: progress reports of a build.
import assert from 'node:assert/strict';
import { throttledProgress } from '../../server/src/scheduling';

describe('progress of a build', function () {
  it('reports the first percentage at once, then at most one every interval, and only a percentage that moved', () => {
    let clock = 0;
    const shown: string[] = [];
    const report = throttledProgress((percent, message) => shown.push(`${clock}: ${percent}% ${message}`), { interval: 200, now: () => clock });
    report(0, '0 of 2000');
    clock = 5;
    report(1, '20 of 2000'); // too soon after the first
    clock = 150;
    report(40, '800 of 2000'); // still too soon
    clock = 210;
    report(55, '1100 of 2000');
    clock = 500;
    report(55, '1101 of 2000'); // the same percentage: nothing new to show
    clock = 650;
    report(90, '1800 of 2000');
    assert.deepEqual(shown, ['0: 0% 0 of 2000', '210: 55% 1100 of 2000', '650: 90% 1800 of 2000']);
  });

  it('shows a slow build moving at every percentage', () => {
    let clock = 0;
    const shown: number[] = [];
    const report = throttledProgress((percent) => shown.push(percent), { interval: 200, now: () => clock });
    for (let percent = 0; percent <= 5; percent++, clock += 1000) report(percent, '');
    assert.deepEqual(shown, [0, 1, 2, 3, 4, 5]);
  });
});
