// The settings' names (afterActionReports.*, formerly aar.*): what package.json declares, and which
// value counts when a user has set a setting under either name.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { effectiveSetting, LEGACY_SETTINGS_SECTION, SETTING_KEYS, SETTINGS_SECTION, withLegacySettings } from '../../server/src/settingNames';

const root = join(__dirname, '..', '..');
const properties: Record<string, { markdownDeprecationMessage?: string; deprecationMessage?: string; markdownDescription?: string }> = JSON.parse(
  readFileSync(join(root, 'package.json'), 'utf8'),
).contributes.configuration.properties;

describe('setting names', () => {
  it('declares every setting under afterActionReports, and its old aar name as deprecated, pointing to the new one', () => {
    const declared = SETTING_KEYS.filter((key) => key !== 'today');
    assert.deepEqual(
      Object.keys(properties).filter((k) => k.startsWith(`${SETTINGS_SECTION}.`)).sort(),
      declared.map((key) => `${SETTINGS_SECTION}.${key}`).sort(),
    );
    assert.deepEqual(
      Object.keys(properties).filter((k) => k.startsWith(`${LEGACY_SETTINGS_SECTION}.`)).sort(),
      declared.map((key) => `${LEGACY_SETTINGS_SECTION}.${key}`).sort(),
    );
    for (const key of declared) {
      const old = properties[`${LEGACY_SETTINGS_SECTION}.${key}`];
      // The Settings editor hides a deprecated setting unless it is set, and links `#key#`.
      assert.ok(old.markdownDeprecationMessage?.includes(`\`#${SETTINGS_SECTION}.${key}#\``), key);
      assert.ok(properties[`${SETTINGS_SECTION}.${key}`].markdownDescription, key);
    }
    assert.ok(!Object.keys(properties).some((k) => !k.startsWith(`${SETTINGS_SECTION}.`) && !k.startsWith(`${LEGACY_SETTINGS_SECTION}.`)));
  });

  describe('in VS Code (one value per settings file)', () => {
    it('is the default when neither name is set', () => {
      assert.equal(effectiveSetting({ defaultValue: 2097152 }, { defaultValue: 2097152 }), 2097152);
    });

    it('counts a value set under the old name', () => {
      assert.equal(effectiveSetting({ defaultValue: '' }, { defaultValue: '', globalValue: 'sam' }), 'sam');
    });

    it('lets the new name win in the same settings file', () => {
      assert.equal(effectiveSetting({ defaultValue: '', workspaceValue: 'kim' }, { workspaceValue: 'sam' }), 'kim');
    });

    it('lets a more specific settings file win, whichever name it uses', () => {
      // The team's checked-in workspace settings still say aar.me; the user's own say the new name.
      assert.equal(effectiveSetting({ globalValue: 'kim' }, { workspaceValue: 'sam' }), 'sam');
      assert.equal(effectiveSetting({ workspaceFolderValue: 'kim' }, { workspaceValue: 'sam' }), 'kim');
    });

    it('merges objects key by key across files and names, as VS Code merges one setting across files', () => {
      assert.deepEqual(
        effectiveSetting({ defaultValue: {}, workspaceValue: { 'vague-action': 'warning' } }, { globalValue: { 'unknown-owner': 'error' }, workspaceValue: { 'vague-action': 'off', 'blame-language': 'off' } }),
        { 'unknown-owner': 'error', 'vague-action': 'warning', 'blame-language': 'off' },
      );
      // Lists are replaced, not joined.
      assert.deepEqual(effectiveSetting({ defaultValue: ['a'], globalValue: ['b'] }, { globalValue: ['c', 'd'] }), ['b']);
    });
  });

  describe('in other editors (one settings object per name)', () => {
    it('takes the old section where the new one has nothing, and the new one wherever it has a value', () => {
      assert.deepEqual(withLegacySettings({ today: '2026-11-26', me: null }, { me: 'sam', rules: { x: 'off' } }), { today: '2026-11-26', me: 'sam', rules: { x: 'off' } });
      assert.deepEqual(withLegacySettings({ me: 'kim' }, { me: 'sam' }), { me: 'kim' });
      assert.deepEqual(withLegacySettings(null, { me: 'sam' }), { me: 'sam' });
      assert.deepEqual(withLegacySettings({ me: 'kim' }, null), { me: 'kim' });
    });
  });
});
