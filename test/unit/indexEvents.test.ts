// The workspace index while files change under it: what the file watcher announces during a build
// (reports created, rewritten, deleted) is in the index once the build and the reads have settled,
// as a fresh index of the final tree has it, and so are its lists of each owner's actions. Real folders, real reads, the index as the server runs it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { URI } from 'vscode-uri';
import { defaultConfig, ownerKey } from '../../server/src/core/config';
import { nodeIndexHost } from '../../server/src/node/indexHost';
import { nextTurn } from '../../server/src/node/workerPool';
import { WorkspaceIndex } from '../../server/src/workspaceIndex';
import { ownedActions } from '../../server/src/core/features/hover';
import { groupActions, sortInViewOrder, type ActionGroup } from '../../server/src/actionGroups';

const TODAY = '2026-11-25';
const config = defaultConfig();

function reportText(name: string, variant: number): string {
  // Later variants share a title, as reports of a recurring meeting do ("Sprint review"), written
  // either way: the view by report orders such reports by their first action. Sam is written two
  // ways too: the group by owner is labelled as its first action writes the name.
  const title = variant < 12 ? name : variant % 2 ? 'Shared' : 'shared';
  return `---
type: after-action-report
title: ${title} review
date: 2026-10-01
---
# ${name} review

## Summary

Version ${variant} of this review.

## Actions

- [ ] Fix ${name}, take ${variant} @${['sam', 'kim', 'lee'][variant % 3]} due:2026-11-${20 + (variant % 9)}
${variant % 2 ? `- [ ] Write the ${name} runbook\n` : `- [ ] Rotate the ${name} keys @${variant % 4 ? 'Sam' : 'sam'}\n`}`;
}

function indexOf(folder: string): WorkspaceIndex {
  return new WorkspaceIndex(
    {
      host: nodeIndexHost,
      settingsFor: async (uri) => ({ config, today: TODAY, relativePath: URI.parse(uri).fsPath.slice(folder.length + 1) }),
      log: () => undefined,
    },
    [folder],
    { threads: 1 },
  );
}

/**
 * The sidebar grouped by report, as the index serves it (kept in order as reports change), is what
 * grouping every open action makes: the groups, a page of them, each group's rows; for everyone, and
 * for one owner.
 */
async function assertReportGroups(index: WorkspaceIndex): Promise<void> {
  // The view's order of every open action, kept as reports change, is theirs sorted afresh.
  const every = await index.openActions();
  assert.deepEqual(every, sortInViewOrder(every), 'in the view order');
  // By owner and by due date, as the sidebar asks again after each change.
  for (const groupBy of ['owner', 'due'] as const) {
    const expected = groupActions(every, groupBy, TODAY);
    const served = await index.actionGroups({ groupBy, today: TODAY });
    const info = (g: ActionGroup) => ({ id: g.id, label: g.label, kind: g.kind, count: g.actions.length, overdue: g.overdue });
    assert.deepEqual(served.groups, expected.map(info), `grouped by ${groupBy}`);
    for (const group of expected) assert.deepEqual(await index.openActions({ groupBy, today: TODAY, group: group.id }), group.actions, `${group.id}, grouped by ${groupBy}`);
  }
  for (const owner of [undefined, 'sam']) {
    const all = await index.openActions({ owner });
    const expected = groupActions(all, 'report', TODAY);
    const served = await index.actionGroups({ groupBy: 'report', today: TODAY, owner });
    const info = (g: ActionGroup) => ({ id: g.id, label: g.label, kind: g.kind, count: g.actions.length, overdue: g.overdue });
    assert.deepEqual(served.groups, expected.map(info), `grouped by report${owner ? ` for ${owner}` : ''}`);
    assert.equal(served.groupCount, expected.length);
    assert.equal(served.total, all.length);
    const page = await index.actionGroups({ groupBy: 'report', today: TODAY, owner, offset: 1, limit: 2 });
    assert.deepEqual(page.groups, expected.slice(1, 3).map(info));
    for (const group of expected) assert.deepEqual(await index.openActions({ groupBy: 'report', today: TODAY, owner, group: group.id }), group.actions);
  }
}

/** What the views show: each open action by report and text, each report by name. */
async function viewsOf(index: WorkspaceIndex) {
  const actions = (await index.openActions()).map((a) => `${a.uri} ${a.text} ${a.range.start.line}`).sort();
  const reports = (await index.reportInfos()).map((r) => `${r.uri} ${r.report} ${r.actions.open}`).sort();
  return { actions, reports };
}

describe('workspace index: file events during a build', function () {
  this.timeout(120_000);
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'aar-index-events-'));
    mkdirSync(join(folder, 'reviews'));
  });

  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const file = (name: string) => join(folder, 'reviews', `${name}.md`);
  const uriOf = (name: string) => URI.file(file(name)).toString();

  it('keeps a report created and announced while the build walks the workspace', async () => {
    for (let i = 0; i < 300; i++) writeFileSync(file(`old-${i}`), reportText(`old-${i}`, i));
    const index = indexOf(folder);
    let announced: Promise<void> | undefined;
    const building = index.rebuild(() => {
      // The walk is over and the build reads what it found: the new report is written and announced now.
      if (announced) return;
      writeFileSync(file('created'), reportText('created', 1));
      announced = index.fileChanged(uriOf('created'));
    });
    await building;
    await announced;
    const { reports } = await viewsOf(index);
    assert.equal(reports.length, 301);
    assert.ok(reports.some((r) => r.startsWith(`${uriOf('created')} created review`)), 'the report created during the build is listed');
  });

  it('keeps each owner’s actions in order, counted, as reports change after a hover made their lists', async () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const change = fc.oneof(
      fc.record({ kind: fc.constant('write' as const), name: fc.constantFrom(...names), variant: fc.nat(20) }),
      fc.record({ kind: fc.constant('delete' as const), name: fc.constantFrom(...names) }),
      // Announced again, unchanged, as watchers do.
      fc.record({ kind: fc.constant('again' as const), name: fc.constantFrom(...names) }),
      fc.record({ kind: fc.constant('hover' as const), owner: fc.constantFrom('sam', '@Kim', 'lee') }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 25 }), async (changes) => {
        rmSync(join(folder, 'reviews'), { recursive: true, force: true });
        mkdirSync(join(folder, 'reviews'));
        for (const [i, name] of names.entries()) writeFileSync(file(name), reportText(name, i));
        const index = indexOf(folder);
        await index.rebuild();
        for (const owner of ['sam', 'kim', 'lee']) index.openActionsOwnedBy([owner], 1);
        // Asked once, the views by report, owner and due date are kept in order from then on.
        for (const groupBy of ['report', 'owner', 'due'] as const) await index.actionGroups({ groupBy, today: TODAY });
        for (const c of changes) {
          if (c.kind === 'write') {
            writeFileSync(file(c.name), reportText(c.name, c.variant));
            await index.fileChanged(uriOf(c.name));
          } else if (c.kind === 'delete') {
            rmSync(file(c.name), { force: true });
            index.fileDeleted(uriOf(c.name));
          } else if (c.kind === 'again') {
            await index.fileChanged(uriOf(c.name));
          } else {
            index.openActionsOwnedBy([c.owner], 2);
          }
          const all = await index.openActions();
          for (const owners of [['sam'], ['@Kim'], ['lee', 'sam']]) {
            const keys = owners.map(ownerKey);
            assert.deepEqual(index.openActionsOwnedBy(owners, 4), ownedActions(all.filter((a) => a.owner && keys.includes(ownerKey(a.owner))), 4));
          }
          await assertReportGroups(index);
        }
      }),
      { numRuns: Number(process.env.AAR_FUZZ_RUNS ?? 40) },
    );
  });

  it('ends, whatever the order of builds and announced changes, as a fresh index of the final files', async () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const operation = fc.oneof(
      fc.record({ kind: fc.constant('write' as const), name: fc.constantFrom(...names), variant: fc.nat(20), delay: fc.nat(6) }),
      fc.record({ kind: fc.constant('delete' as const), name: fc.constantFrom(...names), delay: fc.nat(6) }),
      fc.record({ kind: fc.constant('rebuild' as const) }),
      fc.record({ kind: fc.constant('wait' as const), turns: fc.nat(8) }),
      // A hover: the owners' lists are made then, and kept in order through what follows.
      fc.record({ kind: fc.constant('hover' as const), owner: fc.constantFrom('sam', '@Kim', 'lee') }),
      fc.record({ kind: fc.constant('sidebar' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...names), { maxLength: 6 }), fc.array(operation, { minLength: 1, maxLength: 30 }), async (initial, operations) => {
        rmSync(join(folder, 'reviews'), { recursive: true, force: true });
        mkdirSync(join(folder, 'reviews'));
        for (const name of initial) writeFileSync(file(name), reportText(name, 0));
        // Reports nothing touches, so that a build spans many turns in which the others change.
        for (let i = 0; i < 40; i++) writeFileSync(join(folder, 'reviews', `steady-${i}.md`), reportText(`steady-${i}`, i));
        const index = indexOf(folder);
        const work: Promise<unknown>[] = [index.rebuild()];
        /**
         * The watcher announces a change some turns after it happened, as a real one does, and in
         * the order the changes happened (a file deleted and written again is not announced deleted last).
         */
        let announced: Promise<void> = Promise.resolve();
        const announce = (delay: number, event: () => Promise<void> | void) => {
          const told = announced.then(async () => {
            for (let t = 0; t < delay; t++) await nextTurn();
            // Told, not awaited: the next change may be announced while this one is read.
            work.push(Promise.resolve(event()));
          });
          announced = told;
          work.push(told);
        };
        for (const op of operations) {
          if (op.kind === 'write') {
            writeFileSync(file(op.name), reportText(op.name, op.variant));
            announce(op.delay, () => index.fileChanged(uriOf(op.name)));
          } else if (op.kind === 'delete') {
            try {
              unlinkSync(file(op.name));
            } catch {
              continue; // nothing there: nothing to announce
            }
            announce(op.delay, () => index.fileDeleted(uriOf(op.name)));
          } else if (op.kind === 'rebuild') {
            work.push(index.rebuild());
          } else if (op.kind === 'hover') {
            index.openActionsOwnedBy([op.owner], 5);
          } else if (op.kind === 'sidebar') {
            // Told, not awaited, as a request arrives while reads are in flight: it makes the view by report.
            work.push(index.actionGroups({ groupBy: 'report', today: TODAY }));
          } else {
            for (let t = 0; t < op.turns; t++) await nextTurn();
          }
        }
        // Reads announced while waiting are waited for too.
        for (let waited = 0; waited < work.length; ) {
          const batch = work.slice(waited);
          waited = work.length;
          await Promise.all(batch);
        }
        const fresh = indexOf(folder);
        await fresh.rebuild();
        assert.deepEqual(await viewsOf(index), await viewsOf(fresh));
        // An owner's actions, as a hover asks for them, are those of the whole list, in its order.
        const all = await index.openActions();
        for (const owners of [['sam'], ['@Kim'], [' LEE '], ['sam', 'kim', '@Sam']]) {
          const keys = owners.map(ownerKey);
          const theirs = all.filter((a) => a.owner && keys.includes(ownerKey(a.owner)));
          assert.deepEqual(index.openActionsOwnedBy(owners, 3), ownedActions(theirs, 3));
          assert.deepEqual(index.openActionsOwnedBy(owners, 1000), ownedActions(theirs, 1000));
        }
        await assertReportGroups(index);
      }),
      { numRuns: Number(process.env.AAR_FUZZ_RUNS ?? 40) },
    );
  });
});
