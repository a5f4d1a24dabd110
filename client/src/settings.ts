// The extension's settings as the client reads them: `afterActionReports.*`, with a value still set
// under the old `aar.*` name counting where the new key is not set in the same or a more specific
// settings file (settingNames.ts). The language server gets the same values: the client answers its
// `workspace/configuration` for the section with them.
import * as vscode from 'vscode';
import type { BaseLanguageClient, ConfigurationMiddleware } from 'vscode-languageclient';
import { State, Trace } from 'vscode-languageclient';
import { effectiveSetting, LEGACY_SETTINGS_SECTION, SETTING_KEYS, SETTINGS_SECTION, type SettingKey } from '../../server/src/settingNames';

/** A setting's value for `scope`, from whichever name the user set it under. */
export function setting<T>(key: SettingKey, scope?: vscode.ConfigurationScope): T | undefined {
  const current = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope).inspect(key);
  const legacy = vscode.workspace.getConfiguration(LEGACY_SETTINGS_SECTION, scope).inspect(key);
  return effectiveSetting(current, legacy) as T | undefined;
}

/** Whether a change of configuration touches `key`, under either name. */
export function affectsSetting(event: vscode.ConfigurationChangeEvent, key: SettingKey): boolean {
  return event.affectsConfiguration(`${SETTINGS_SECTION}.${key}`) || event.affectsConfiguration(`${LEGACY_SETTINGS_SECTION}.${key}`);
}

/** Writes `key` under its new name in `target`, and removes the old name from there, so the value written is the one that counts. */
export async function updateSetting(key: SettingKey, value: unknown, target: vscode.ConfigurationTarget): Promise<void> {
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(key, value, target);
  const legacy = vscode.workspace.getConfiguration(LEGACY_SETTINGS_SECTION).inspect(key);
  const legacyThere = target === vscode.ConfigurationTarget.Global ? legacy?.globalValue : target === vscode.ConfigurationTarget.Workspace ? legacy?.workspaceValue : undefined;
  if (legacyThere !== undefined) await vscode.workspace.getConfiguration(LEGACY_SETTINGS_SECTION).update(key, undefined, target);
}

/** Every setting of the section for `scope`, as one object (`trace.server` as `trace: { server }`). */
export function settingsObject(scope?: vscode.ConfigurationScope): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const value = setting(key, scope);
    if (value === undefined) continue;
    const [first, ...rest] = key.split('.');
    if (!rest.length) out[first] = value;
    else out[first] = { ...(out[first] as Record<string, unknown> | undefined), [rest.join('.')]: value };
  }
  return out;
}

/** Answers the server's `workspace/configuration` for the section with settingsObject, so that old names count there too. */
export const configurationMiddleware: ConfigurationMiddleware['configuration'] = async (params, token, next) => {
  const answers = await next(params, token);
  if (!Array.isArray(answers)) return answers;
  return params.items.map((item, i) => (item.section === SETTINGS_SECTION ? settingsObject(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : answers[i]));
};

/**
 * The library reads protocol tracing from `<client id>.trace.server` only, on start and on every
 * change of configuration: where the value that counts comes from `aar.trace.server`, this sets
 * it after the library did.
 */
export function followLegacyTrace(client: BaseLanguageClient): vscode.Disposable {
  const apply = () => {
    if (client.state !== State.Running) return;
    const effective = setting<string>('trace.server');
    const libraryRead = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('trace.server');
    if (typeof effective === 'string' && effective !== libraryRead) void client.setTrace(Trace.fromString(effective));
  };
  return vscode.Disposable.from(
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) apply();
    }),
    // After the library's own listener, whichever was registered first.
    vscode.workspace.onDidChangeConfiguration(() => queueMicrotask(apply)),
  );
}
