// ObjectCache, the engine's WeakMap kept in a hidden property of each key (memo.ts): it must answer
// as a WeakMap would, and stay out of sight of copies, JSON and comparisons of the model it keys.
import assert from 'node:assert/strict';
import { ObjectCache } from '../../server/src/core/memo';
import { lazyGroup } from '../../server/src/core/modelCache';
import type { Action } from '../../server/src/core/types';

describe('ObjectCache', () => {
  it('answers per key and per cache, and replaces a value', () => {
    const a = { type: 'list' };
    const b = { type: 'list' };
    const first = new ObjectCache<object, string>();
    const second = new ObjectCache<object, string>();
    first.set(a, 'one');
    second.set(a, 'two');
    assert.equal(first.get(a), 'one');
    assert.equal(second.get(a), 'two');
    assert.equal(first.get(b), undefined);
    first.set(a, 'three');
    assert.equal(first.get(a), 'three');
    assert.equal(second.get(a), 'two');
  });

  it('keeps falsy values apart from missing ones', () => {
    const cache = new ObjectCache<object, unknown>();
    const key = {};
    cache.set(key, null);
    assert.equal(cache.get(key), null);
    cache.set(key, 0);
    assert.equal(cache.get(key), 0);
  });

  it('is invisible to copies, JSON and deep comparisons of its keys', () => {
    const node = { type: 'paragraph', children: [{ type: 'text', value: 'x' }] };
    const twin = structuredClone(node);
    new ObjectCache<object, string[]>().set(node, ['kept']);
    assert.deepStrictEqual(node, twin);
    assert.deepEqual(Object.keys(node), ['type', 'children']);
    assert.equal(JSON.stringify(node), JSON.stringify(twin));
    assert.equal(Object.getOwnPropertySymbols({ ...node }).length, 0, 'a spread copy is not the key');
  });

  it('caches for frozen keys too', () => {
    const cache = new ObjectCache<object, string>();
    const frozen = Object.freeze({ name: 'roster' });
    cache.set(frozen, 'read');
    assert.equal(cache.get(frozen), 'read');
    assert.equal(cache.get(Object.freeze({ name: 'roster' })), undefined);
  });

  it('keys a lazy group without making its actions', () => {
    let made = 0;
    const group = lazyGroup(3, (i) => {
      made++;
      return { text: `action ${i}` } as Action;
    });
    const cache = new ObjectCache<Action[], number>();
    cache.set(group, 7);
    assert.equal(cache.get(group), 7);
    assert.equal(made, 0);
    assert.equal(group[1].text, 'action 1');
  });
});
