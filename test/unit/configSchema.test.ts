// `.aar.yml`: the JSON schema editors validate it with agrees with the reader (same keys, same
// rules, same defaults), and the reader's triggers and communication plan.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { CONFIG_KEYS, defaultConfig, mergeConfig, parseTeamConfig, type AarConfig } from '../../server/src/core/config';
import { rules } from '../../server/src/core/rules';

const ROOT = join(__dirname, '..', '..');
type Schema = Record<string, unknown>;
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'aar.schema.json'), 'utf8')) as Schema;
const definitions = schema.definitions as Record<string, Schema>;

// A validator for the part of draft-07 the schema uses (the test below checks that it uses no more):
// no JSON-schema library is a dependency.
const ASSERTIONS = new Set([
  '$ref', 'type', 'enum', 'const', 'properties', 'additionalProperties', 'propertyNames', 'required',
  'minProperties', 'items', 'minLength', 'minimum', 'anyOf', 'allOf', 'definitions',
]);
const ANNOTATIONS = new Set(['$schema', 'title', 'description', 'default', 'examples']);

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' && Number.isInteger(v) ? 'integer' : typeof v);

function validate(value: unknown, s: Schema = schema, at = ''): string[] {
  const errors: string[] = [];
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  if (typeof s.$ref === 'string') errors.push(...validate(value, definitions[s.$ref.replace('#/definitions/', '')], at));
  if (s.type !== undefined) {
    const types = ([] as string[]).concat(s.type as string | string[]);
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number'))) errors.push(`${at || '/'}: is ${actual}, not ${types.join('|')}`);
  }
  if (s.enum && !(s.enum as unknown[]).includes(value)) errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  if ('const' in s && s.const !== value) errors.push(`${at}: must be ${JSON.stringify(s.const)}`);
  if (typeof value === 'string' && typeof s.minLength === 'number' && value.length < s.minLength) errors.push(`${at}: too short`);
  if (typeof value === 'number' && typeof s.minimum === 'number' && value < s.minimum) errors.push(`${at}: below ${s.minimum}`);
  if (Array.isArray(value) && s.items) value.forEach((v, i) => errors.push(...validate(v, s.items as Schema, `${at}/${i}`)));
  if (isObject) {
    const o = value as Record<string, unknown>;
    const properties = (s.properties ?? {}) as Record<string, Schema>;
    for (const key of (s.required as string[] | undefined) ?? []) if (!(key in o)) errors.push(`${at}: needs ${key}`);
    if (typeof s.minProperties === 'number' && Object.keys(o).length < s.minProperties) errors.push(`${at}: too few keys`);
    for (const [key, v] of Object.entries(o)) {
      if (s.propertyNames) errors.push(...validate(key, s.propertyNames as Schema, `${at}/${key} (name)`));
      if (properties[key]) errors.push(...validate(v, properties[key], `${at}/${key}`));
      else if (s.additionalProperties === false) errors.push(`${at}/${key}: not allowed`);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') errors.push(...validate(v, s.additionalProperties as Schema, `${at}/${key}`));
    }
  }
  for (const part of (s.allOf as Schema[] | undefined) ?? []) errors.push(...validate(value, part, at));
  if (s.anyOf && !(s.anyOf as Schema[]).some((part) => validate(value, part, at).length === 0)) errors.push(`${at || '/'}: matches none of its forms`);
  return errors;
}

/** The schema of a definition, following `$ref` and one-part `allOf` wrappers (used for descriptions). */
function resolve(s: Schema): Schema {
  if (typeof s.$ref === 'string') return resolve(definitions[s.$ref.replace('#/definitions/', '')]);
  const all = s.allOf as Schema[] | undefined;
  return all?.length === 1 ? { ...s, ...resolve(all[0]) } : s;
}

const objectForm = (s: Schema): Schema => (resolve(s).anyOf as Schema[]).find((f) => f.type === 'object')!;
const keysOf = (s: Schema) => Object.keys(s.properties as object).sort();
const sorted = (list: readonly string[]) => [...list].sort();
const topProperties = schema.properties as Record<string, Schema>;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    if (d.isDirectory()) return ['node_modules', '.git', '.vscode-test', 'dist', 'dist-test'].includes(d.name) ? [] : yamlFiles(join(dir, d.name));
    return d.name === '.aar.yml' || d.name === '.aar.yaml' ? [join(dir, d.name)] : [];
  });
}

const configOf = (text: string): AarConfig => mergeConfig(defaultConfig(), parseTeamConfig(text).layer);

describe('.aar.yml schema (schemas/aar.schema.json)', () => {
  it('uses only what the validator in this test understands, so that nothing in it goes unchecked', () => {
    const walk = (s: unknown, at: string): void => {
      if (!s || typeof s !== 'object') return;
      for (const [key, v] of Object.entries(s as Schema)) {
        assert.ok(ASSERTIONS.has(key) || ANNOTATIONS.has(key), `${at}/${key}`);
        if (key === 'properties' || key === 'definitions') for (const [name, sub] of Object.entries(v as Schema)) walk(sub, `${at}/${key}/${name}`);
        else if (key === 'anyOf' || key === 'allOf') (v as unknown[]).forEach((sub, i) => walk(sub, `${at}/${key}/${i}`));
        else if (['items', 'additionalProperties', 'propertyNames'].includes(key)) walk(v, `${at}/${key}`);
      }
    };
    walk(schema, '');
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  });

  it('accepts every .aar.yml in the repository, and the reader finds no problem in them', () => {
    const files = yamlFiles(ROOT);
    const names = files.map((f) => relative(ROOT, f).split('\\').join('/'));
    assert.ok(names.includes('examples/.aar.yml') && names.includes('test/fixtures/team/.aar.yml'), names.join(', '));
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assert.deepEqual(validate(parseYaml(text)), [], file);
      assert.deepEqual(parseTeamConfig(text, { ruleIds: rules.map((r) => r.id) }).errors, [], file);
    }
  });

  it('lists exactly the keys the reader understands, at every level', () => {
    assert.deepEqual(keysOf(schema), sorted(CONFIG_KEYS.top));
    assert.deepEqual(keysOf(topProperties.reviews), sorted(CONFIG_KEYS.reviews));
    assert.deepEqual(keysOf(objectForm(definitions.person)), sorted(CONFIG_KEYS.person));
    assert.deepEqual(keysOf(objectForm(definitions.trigger)), sorted(CONFIG_KEYS.trigger));
    assert.deepEqual(keysOf(definitions.audience), sorted(CONFIG_KEYS.audience));
    assert.deepEqual(keysOf(definitions.sectionSynonyms), sorted(CONFIG_KEYS.sections));
    for (const s of [schema, topProperties.reviews, objectForm(definitions.person), objectForm(definitions.trigger), definitions.audience, definitions.sectionSynonyms]) {
      assert.equal(s.additionalProperties, false, 'an unknown key is flagged, as the reader reports it');
    }
  });

  it('names exactly the engine\'s rules and the severities the reader accepts', () => {
    const severities = definitions.severities;
    assert.deepEqual(sorted((severities.propertyNames as Schema).enum as string[]), sorted(rules.map((r) => r.id)));
    const forms = definitions.severity.anyOf as Schema[];
    assert.deepEqual(forms[0].enum, ['error', 'warning', 'info', 'hint', 'off']);
    for (const word of forms[0].enum as string[]) assert.equal(configOf(`rules: { vague-action: ${word} }`).severities['vague-action'], word);
    assert.equal(configOf('rules: { vague-action: false }').severities['vague-action'], 'off');
  });

  it('describes every key, and each key\'s example is valid, read without a problem, and changes the configuration', () => {
    for (const [key, property] of Object.entries(topProperties)) {
      assert.ok(typeof property.description === 'string' && property.description.length > 10, `${key} has a description`);
      const example = (property.examples as unknown[] | undefined)?.[0];
      assert.notEqual(example, undefined, `${key} has an example`);
      assert.deepEqual(validate({ [key]: example }), [], key);
      const text = stringify({ [key]: example });
      assert.deepEqual(parseTeamConfig(text).errors, [], `${key}:\n${text}`);
      assert.notDeepEqual(configOf(text), defaultConfig(), `${key} is read`);
    }
  });

  it('gives as each default what the engine uses when the key is absent', () => {
    const withDefaults = Object.entries(topProperties).filter(([, p]) => 'default' in p);
    assert.deepEqual(withDefaults.map(([k]) => k).sort(), ['communication', 'maxFileSize', 'reports', 'reviews', 'rules', 'sections', 'team', 'triggers']);
    for (const [key, property] of withDefaults) {
      assert.deepEqual(validate({ [key]: property.default }), [], key);
      assert.deepEqual(configOf(stringify({ [key]: property.default })), defaultConfig(), key);
    }
  });

  // Each of these is flagged by the editor (the schema) and reported by the reader, on the line at fault.
  const wrong: [string, string, number][] = [
    ['an unknown key', 'team: ["@sam"]\nteams: ["@kim"]\n', 1],
    ['team that is not a list', 'team: 5\n', 0],
    ['a severity that does not exist', 'rules:\n  vague-action: warning\n  overdue-action: loud\n', 2],
    ['a section that does not exist', 'sections:\n  actions: [Commitments]\n  lessons: [Learnings]\n', 2],
    ['reviews that is not a mapping', 'reviews: docs/reviews\n', 0],
    ['an unknown key in reviews', 'reviews:\n  folder: docs\n  templte: t.md\n', 2],
    ['triggers that is not a list', 'triggers: v*\n', 0],
    ['a trigger that is neither a word nor a mapping', 'triggers:\n  - release\n  - 7\n', 2],
    ['a misspelt key in a tag trigger', 'triggers:\n  - release\n  - tag: "v*"\n    nmae: Release\n', 3],
    ['an empty tag pattern', 'triggers:\n  - tag: ""\n', 1],
    ['communication that is not a list', 'communication: Leadership\n', 0],
    ['an audience without a name', 'communication:\n  - audience: Leads\n    channel: "#leads"\n  - channel: "#all"\n', 3],
    ['a misspelt key in an audience', 'communication:\n  - audience: Leads\n    chanel: "#leads"\n', 2],
    ['a file size that is not a number', 'maxFileSize: big\n', 0],
  ];
  for (const [what, text, line] of wrong) {
    it(`flags ${what} in the editor and in the reader, at line ${line + 1}`, () => {
      assert.notDeepEqual(validate(parseYaml(text)), [], 'the schema accepts it');
      const { errors } = parseTeamConfig(text);
      assert.ok(errors.length > 0, 'the reader accepts it');
      assert.equal(errors[0].line, line, errors[0].message);
    });
  }
});

describe('.aar.yml reader: triggers, communication and the other keys', () => {
  it('requires a review for every v* tag when the file says nothing about triggers', () => {
    const config = configOf('team: ["@sam"]\n');
    assert.deepEqual(config.tagTriggers, [{ tag: 'v*' }]);
    assert.deepEqual(config.triggers, ['release', 'milestone', 'incident', 'learning']);
  });

  it('switches tag triggers off with triggers: [] and keeps the trigger words', () => {
    const config = configOf('triggers: []\n');
    assert.deepEqual(config.tagTriggers, []);
    assert.deepEqual(config.triggers, ['release', 'milestone', 'incident', 'learning']);
  });

  it('reads a list of words as before: they replace the default words, and the default tag trigger stays', () => {
    const config = configOf('triggers: [release, incident]\n');
    assert.deepEqual(config.triggers, ['release', 'incident']);
    assert.deepEqual(config.tagTriggers, [{ tag: 'v*' }]);
  });

  it('reads tag triggers with their names, tag lists and the tags alias; names are allowed words', () => {
    const config = configOf(
      'triggers:\n  - { tag: "v*", name: Release }\n  - name: Deploy\n    tags: ["deploy-*", "prod/{eu,us}-*"]\n',
    );
    assert.deepEqual(config.tagTriggers, [
      { tag: 'v*', name: 'Release' },
      { tag: 'deploy-*', name: 'Deploy' },
      { tag: 'prod/{eu,us}-*', name: 'Deploy' },
    ]);
    // Only tag triggers: the default words stay, and the names join them (Release is release).
    assert.deepEqual(config.triggers, ['release', 'milestone', 'incident', 'learning', 'Deploy']);
  });

  it('keeps the words in the file\'s order when words and tag triggers are mixed (examples/.aar.yml)', () => {
    const config = configOf(readFileSync(join(ROOT, 'examples', '.aar.yml'), 'utf8'));
    assert.deepEqual(config.triggers, ['release', 'incident', 'milestone', 'learning']);
    assert.deepEqual(config.tagTriggers, [{ tag: 'v*', name: 'release' }]);
  });

  it('switches tag triggers off and keeps the words with a trigger whose tags are []', () => {
    const config = configOf('triggers:\n  - incident\n  - { name: release, tags: [] }\n');
    assert.deepEqual(config.tagTriggers, []);
    assert.deepEqual(config.triggers, ['incident', 'release']);
  });

  it('reports a tag pattern that cannot match and applies the others', () => {
    const result = parseTeamConfig('triggers:\n  - tag: "v[12"\n  - tag: "{rc,beta"\n  - tag: "v*"\n');
    assert.deepEqual(
      result.errors.map((e) => [e.line, e.message]),
      [
        [1, 'Trigger 1: tag pattern "v[12": a [ is not closed.'],
        [2, 'Trigger 2: tag pattern "{rc,beta": a { is not closed.'],
      ],
    );
    assert.deepEqual(result.layer.tagTriggers, [{ tag: 'v*' }]);
  });

  it('reads the communication plan, with expect and name as aliases and numbers as text', () => {
    const config = configOf(
      [
        'communication:',
        '  - audience: Leadership',
        '    channel: "#leads"',
        '    expects: Read the summary; approve',
        '    when: within 5 working days',
        '  - name: Delivery team',
        '    expect: Pick up your actions',
        '  - audience: Support',
        '    when: 2',
        '',
      ].join('\n'),
    );
    assert.deepEqual(config.communication, [
      { name: 'Leadership', channel: '#leads', expects: 'Read the summary; approve', when: 'within 5 working days' },
      { name: 'Delivery team', expects: 'Pick up your actions' },
      { name: 'Support', when: '2' },
    ]);
    assert.deepEqual(configOf('team: ["@sam"]\n').communication, [], 'no plan when the file has none');
  });

  it('skips a bad audience, keeps the others, and says which line is at fault', () => {
    const result = parseTeamConfig('communication:\n  - audience: Leads\n    channel: [a, b]\n  - audience: All\n');
    assert.deepEqual(result.errors, [{ message: 'Audience 1: channel must be text.', line: 2 }]);
    assert.deepEqual(result.layer.communication, [{ name: 'Leads' }, { name: 'All' }]);
  });

  it('still reads every older key and alias', () => {
    const config = configOf(
      [
        'roster: ["Sam Lee (@sam)"]',
        'section_synonyms: { actions: Commitments }',
        'severities: { vague-action: Off }',
        'report_globs: "minutes/**/*.md"',
        'reviews_folder: docs/reviews',
        'template: docs/t.md',
        'deliveryOwner: "@sam"',
        'max_file_size: 1000',
        '',
      ].join('\n'),
    );
    assert.deepEqual(config.roster, [{ source: 'workspace', handle: 'sam', name: 'Sam Lee' }]);
    assert.deepEqual(config.sectionSynonyms, { actions: ['Commitments'] });
    assert.equal(config.severities['vague-action'], 'off');
    assert.deepEqual(config.reportGlobs, ['minutes/**/*.md']);
    assert.equal(config.reviewsFolder, 'docs/reviews');
    assert.equal(config.template, 'docs/t.md');
    assert.equal(config.deliveryOwner, '@sam');
    assert.equal(config.maxFileSize, 1000);
  });

  it('reports a key given twice under two names, and uses the first name', () => {
    const result = parseTeamConfig('team: ["@sam"]\nroster: ["@kim"]\n');
    assert.deepEqual(result.errors, [{ message: '"roster" says the same as "team"; "team" applies.', line: 1 }]);
    assert.deepEqual(result.layer.roster?.map((p) => p.handle), ['sam']);
  });

  it('reports rules the engine does not have when the host names its rules', () => {
    const text = 'rules:\n  vague-actions: off\n';
    assert.deepEqual(parseTeamConfig(text).errors, [], 'without the list, any id is taken');
    const { errors, layer } = parseTeamConfig(text, { ruleIds: rules.map((r) => r.id) });
    assert.equal(errors.length, 1);
    assert.equal(errors[0].line, 1);
    assert.match(errors[0].message, /^Unknown rule "vague-actions": the rules are missing-section, /);
    assert.deepEqual(layer.severities, {});
  });

  it('lists problems in the order of the file, YAML syntax errors included', () => {
    const { errors } = parseTeamConfig('maxFileSize: big\nteam: [\n');
    assert.ok(errors.length >= 1);
    assert.deepEqual(
      errors.map((e) => e.line),
      [...errors.map((e) => e.line)].sort((a, b) => a - b),
    );
  });

  it('lets later layers replace tag triggers and the plan, and leaves them alone when they say nothing', () => {
    const team = parseTeamConfig('triggers: [{ tag: "release-*" }]\ncommunication: [{ audience: Leads }]\n').layer;
    const merged = mergeConfig(defaultConfig(), team, { severities: { 'vague-action': 'off' } });
    assert.deepEqual(merged.tagTriggers, [{ tag: 'release-*' }]);
    assert.deepEqual(merged.communication, [{ name: 'Leads' }]);
    assert.deepEqual(mergeConfig(merged, { tagTriggers: [], communication: [] }).tagTriggers, []);
    merged.tagTriggers[0].tag = 'changed';
    assert.deepEqual(team.tagTriggers, [{ tag: 'release-*' }], 'merging copies');
  });
});
