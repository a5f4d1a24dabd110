// What the configuration of a report is and where each part comes from (`aar/effectiveConfig`),
// whom its actions can be assigned to, and what `aar init` would propose for a folder.
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { parsePerson, personMatches, rules, type Person } from '../core';
import { proposeSetup } from '../core/setup';
import { isPlaceholderOwner } from '../core/vocabulary';
import { CONFIG_FILE_NAMES } from '../workspaceFiles';
import { AssignablePeopleRequest, EffectiveConfigRequest, SetupProposalRequest, type EffectiveConfig, type SetupProposal } from '../protocol';
import { assignablePeople } from '../reviewDrafts';
import { settingsLayer } from '../settings';
import { shownPath } from '../host';
import type { WorkspaceIndex } from '../workspaceIndex';
import type { Configuration } from './configuration';
import type { ServerContext } from './context';
import type { OpenDocuments } from './documents';

export function registerEffectiveConfiguration(
  ctx: ServerContext,
  configuration: Pick<Configuration, 'fileSettings' | 'folderOf' | 'folders' | 'settingsFor' | 'teamConfigFile'>,
  openDocuments: Pick<OpenDocuments, 'stateOf'>,
  index: Pick<WorkspaceIndex, 'get'>,
): void {
  const { connection, documents, host, logError, guarded } = ctx;

  connection.onRequest(
    EffectiveConfigRequest.type,
    guarded('Effective configuration', (params) => effectiveConfig(params.uri)),
  );

  connection.onRequest(
    AssignablePeopleRequest.type,
    guarded('Assignable people', async (params) => {
      const text = (await textAsEdited(params.uri)) ?? '';
      return assignablePeople(text, (await effectiveConfig(params.uri)).roster as Person[]);
    }),
  );

  connection.onRequest(
    SetupProposalRequest.type,
    guarded('Set-up proposal', (params) => setupProposal(params.folder)),
  );

  /** The configuration a file is checked with, and where each part of it comes from. */
  async function effectiveConfig(uri: string): Promise<EffectiveConfig> {
    const folder = configuration.folderOf(uri);
    const [settings, loaded, { config }] = await Promise.all([
      configuration.settingsFor(uri),
      folder ? configuration.teamConfigFile(folder) : undefined,
      configuration.fileSettings(uri),
    ]);
    const fromSettings = settingsLayer(settings);
    const team = loaded?.layer ?? {};
    const teamFile = loaded?.file ? host.paths.basename(loaded.file) : '.aar.yml';
    const shown = (file: string) => shownPath(host, configuration.folders(), file);
    const sources: string[] = [];
    if (!folder) sources.push('Not inside a workspace folder: defaults and settings only.');
    else if (loaded?.file) sources.push(`Team configuration: ${shown(loaded.file)}`);
    else sources.push(`Team configuration: none (no .aar.yml in ${shown(folder)}).`);
    for (const error of loaded?.errors ?? []) sources.push(`${teamFile} line ${error.line + 1}: ${error.message} (ignored)`);
    const from = (...parts: (string | false | undefined)[]) => parts.filter(Boolean).join(' + ') || 'defaults';

    // Who is accountable: the report's own Delivery Owner, else the one the team file names.
    const teamDeliveryOwner = loaded?.raw?.delivery_owner ?? loaded?.raw?.deliveryOwner;
    const reportDeliveryOwner = (await openDocuments.stateOf(uri))?.analysis.report?.metadata.deliveryOwner?.value ?? index.get(uri)?.deliveryOwner;
    const named = [reportDeliveryOwner, typeof teamDeliveryOwner === 'string' ? teamDeliveryOwner : undefined];
    const deliveryOwner = named.find((who) => who?.trim() && !isPlaceholderOwner(who))?.trim();
    const roster = withDeliveryOwner(config.roster, deliveryOwner);

    sources.push(`reviewsFolder: ${config.reviewsFolder} (${team.reviewsFolder ? teamFile : 'default'})`);
    if (config.template) sources.push(`template: ${config.template} (${teamFile})`);
    sources.push(`triggers: ${config.triggers.join(', ')} (${team.triggers ? teamFile : 'default'})`);
    const rosterFrom = from(!!team.roster?.length && teamFile, !!fromSettings.roster?.length && 'settings afterActionReports.roster');
    sources.push(`roster: ${roster.length} ${roster.length === 1 ? 'person' : 'people'} (${rosterFrom === 'defaults' ? 'nobody listed' : rosterFrom})`);
    if (deliveryOwner) sources.push(`Delivery Owner: ${deliveryOwner} (${deliveryOwner === reportDeliveryOwner?.trim() ? 'the report' : teamFile})`);
    const teamRules = Object.keys(team.severities ?? {});
    const settingRules = Object.keys(fromSettings.severities ?? {});
    sources.push(
      `severities: ${from(
        'rule defaults',
        teamRules.length > 0 && `${teamFile} (${teamRules.join(', ')})`,
        settingRules.length > 0 && `settings afterActionReports.rules (${settingRules.join(', ')})`,
      )}`,
    );
    if (team.reportGlobs || fromSettings.reportGlobs) {
      sources.push(`reports: ${config.reportGlobs.join(', ')} (${fromSettings.reportGlobs ? 'settings afterActionReports.reportGlobs' : teamFile})`);
    }
    return {
      reviewsFolder: config.reviewsFolder,
      ...(config.template ? { template: config.template } : {}),
      triggers: [...config.triggers],
      roster: roster.map((p) => ({
        ...(p.handle ? { handle: p.handle } : {}),
        ...(p.name ? { name: p.name } : {}),
        ...(p.email ? { email: p.email } : {}),
        ...(p.deliveryOwner ? { deliveryOwner: true } : {}),
      })),
      severities: Object.fromEntries(rules.map((rule) => [rule.id, config.severities[rule.id] ?? rule.defaultSeverity])),
      sources,
    };
  }

  /** A document's text as the editor has it: the open document's, else the saved file's; undefined when there is none to read. */
  async function textAsEdited(uri: string): Promise<string | undefined> {
    const open = documents.get(uri);
    if (open) return open.getText();
    const file = host.fileOf(uri);
    const read = file === undefined ? undefined : await host.readTextFile(file, Number.MAX_SAFE_INTEGER).catch(() => undefined);
    return read && 'text' in read ? read.text : undefined;
  }

  /** What `aar init` proposes for a workspace folder, against its `.aar.yml` as the editor has it. */
  async function setupProposal(folderUri: string | undefined): Promise<SetupProposal> {
    const folder = folderUri ? host.fileOf(folderUri) : configuration.folders()[0];
    if (!folder) throw new ResponseError(ErrorCodes.InvalidParams, 'No folder to set up: open the folder of the repository first.');
    const settings = await configuration.fileSettings(host.uriOf(folder));
    const loaded = await configuration.teamConfigFile(folder);
    const configFile = loaded.file ?? host.paths.join(folder, CONFIG_FILE_NAMES[0]);
    const existing = await textAsEdited(host.uriOf(configFile));
    const shown = (file: string) => shownPath(host, configuration.folders(), file);
    const files = await host.readSetupFiles(folder, settings.config.maxFileSize, (unreadable, e) => logError(`Set-up: cannot read the folder ${shown(unreadable)} (${e.code ?? e.message}).`));
    const tags = await host.readGitTags(folder).catch((e: Error) => {
      logError(`Set-up: cannot read the git tags of ${shown(folder)}: ${e.message}`);
      return [];
    });
    const proposal = proposeSetup({ files, tags: tags.map((t) => ({ name: t.name, ...(t.date ? { date: t.date } : {}) })), existingConfig: existing, today: settings.today });
    return {
      folder: host.uriOf(folder),
      configFile: host.uriOf(configFile),
      ...(existing === undefined ? {} : { existing }),
      proposed: proposal.file.proposed,
      reports: proposal.reports.length,
      markdownFiles: files.length,
      problemsBefore: proposal.problems.before.total,
      problemsAfter: proposal.problems.after.total,
      notes: [...(proposal.file.unmerged ? [proposal.file.unmerged] : []), ...proposal.notes],
    };
  }
}

/** The roster with the Delivery Owner marked and first (added when the roster does not list them). */
function withDeliveryOwner(roster: Person[], deliveryOwner: string | undefined): Person[] {
  const people = roster.map((p) => ({ ...p }));
  // `Dana Reyes (@dana)` is the roster's `@dana`: matched by handle, name or e-mail.
  const wanted = deliveryOwner ? parsePerson(deliveryOwner, 'workspace') : undefined;
  if (wanted) {
    const known = people.find((p) => [wanted.handle, wanted.name, wanted.email].some((id) => !!id && personMatches(p, id)));
    if (known) known.deliveryOwner = true;
    else people.push({ ...wanted, deliveryOwner: true });
  }
  return [...people.filter((p) => p.deliveryOwner), ...people.filter((p) => !p.deliveryOwner)];
}
