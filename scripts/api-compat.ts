/**
 * Compares our command declarations and the response fields the probe observed (docs/api-fields.json, from
 * scripts/fidelity-probe.ts) with CloudStack 4.22's API description and writes docs/api-compatibility.md.
 * Run: ./scripts/run-node.sh scripts/api-compat.ts. test/api/fidelity.test.ts fails when the page is stale and on
 * the mismatches that break real clients (sync/async, list key, parameter names CloudStack does not know);
 * test/api/fidelity-probe.test.ts on the response mismatches (field names, object names, list and error bodies).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandDecl } from '../packages/server/src/kernel/command.ts';
import { answersLike, compareResponse, documentedExtraFields, knownDifferences, type ObservedFile, readObserved, responseProblems, type ResponseFidelity, wrongNames } from './api-compat-responses.ts';

export const repoRoot = resolve(import.meta.dirname, '..');
/** The same layout locally and in CI: the shared reference data sits beside the checkout. */
export const apiJsonPath = resolve(repoRoot, '../shared/cloudstack/api.json');
export const reportPath = resolve(repoRoot, 'docs/api-compatibility.md');

export interface ApiCommand {
  service: string;
  async: boolean;
  params: Record<string, { type: string; required?: boolean }>;
  listKey: string | null;
  responseFields: Record<string, string>;
}

export interface ApiJson {
  source: string;
  commands: Record<string, ApiCommand>;
}

let cached: ApiJson | undefined;

/**
 * List keys real CloudStack answers that api.json spells otherwise. api.json is generated from the Go SDK, which
 * matches keys ignoring case, so it lower-cases a camel-case list key; clients that index the body (Ansible's
 * cs_vmsnapshot reads `vmSnapshot`) need CloudStack's exact name. Applied by `loadApiJson`, so every comparison
 * (the report, assertListResponse, the probe's judgement) uses CloudStack's real key.
 */
export const listKeyCorrections: Record<string, { apiJson: string; key: string; why: string }> = {
  listVMSnapshot: { apiJson: 'vmsnapshot', key: 'vmSnapshot', why: "ListVMSnapshotCmd sets each item's object name to `vmSnapshot`; Ansible's cs_vmsnapshot reads that key" },
};

/** api.json, with `listKeyCorrections` applied. */
export function loadApiJson(): ApiJson {
  if (cached) return cached;
  const api = JSON.parse(readFileSync(apiJsonPath, 'utf8')) as ApiJson;
  for (const [name, c] of Object.entries(listKeyCorrections)) {
    const cmd = api.commands[name];
    if (cmd?.listKey !== c.apiJson) throw new Error(`api.json: ${name}'s list key is ${cmd?.listKey ?? '(none)'}, not ${c.apiJson}: review listKeyCorrections in scripts/api-compat.ts`);
    cmd.listKey = c.key;
  }
  cached = api;
  return api;
}

/**
 * Parameters we accept that CloudStack does not have, each with the reason a CloudStack user should know. A name
 * not listed here and not in api.json fails test/api/fidelity.test.ts: clients would never send it.
 */
export const documentedExtraParams: Record<string, Record<string, string>> = {};

/** Commands of ours that CloudStack does not have, with the reason. */
export const documentedExtraCommands: Record<string, string> = {
  configureSimulatorHost:
    "fault injection on a simulated host (failing starts, latency, host down) for tests; CloudStack's simulator has configureSimulator, absent from 4.22's API description",
};

export interface CommandFidelity {
  name: string;
  service: string;
  implemented: boolean;
  csAsync: boolean;
  ourAsync?: boolean;
  csListKey: string | null;
  ourListKey?: string | null;
  /** CloudStack's parameters we do not declare (CloudStack's spelling). */
  missingParams: string[];
  /** Our parameters CloudStack does not have and nobody documented. */
  extraParams: string[];
  /** Our parameters CloudStack does not have, documented in `documentedExtraParams`. */
  documentedParams: string[];
  /** What the probe saw the command answer, when the report is built with its observations. */
  response?: ResponseFidelity;
}

export interface FidelityReport {
  source: string;
  commands: CommandFidelity[];
  /** Our commands absent from api.json. */
  nimbusOnly: string[];
}

export function listKeyOf(decl: CommandDecl): string | null {
  return decl.response.type === 'list' ? decl.response.listKey : null;
}

/** Parameter names are compared case-insensitively, as CloudStack binds them (api.json has `login`'s `domainId`). */
export function compareCommands(decls: readonly CommandDecl[], api: ApiJson, observed?: ObservedFile): FidelityReport {
  const ours = new Map(decls.map((d) => [d.name, d]));
  const commands: CommandFidelity[] = [];
  for (const [name, cs] of Object.entries(api.commands)) {
    const decl = ours.get(name);
    const row: CommandFidelity = { name, service: cs.service, implemented: !!decl, csAsync: cs.async, csListKey: cs.listKey, missingParams: [], extraParams: [], documentedParams: [] };
    if (decl) {
      const csNames = new Set(Object.keys(cs.params).map((p) => p.toLowerCase()));
      const ourNames = new Set(Object.keys(decl.params).map((p) => p.toLowerCase()));
      row.ourAsync = decl.async ?? false;
      row.ourListKey = listKeyOf(decl);
      row.missingParams = Object.keys(cs.params).filter((p) => !ourNames.has(p.toLowerCase())).sort();
      for (const p of Object.keys(decl.params).sort()) {
        if (csNames.has(p.toLowerCase())) continue;
        if (documentedExtraParams[name]?.[p]) row.documentedParams.push(p);
        else row.extraParams.push(p);
      }
      if (observed) row.response = compareResponse(decl, api, observed);
    }
    commands.push(row);
  }
  commands.sort((a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name));
  const nimbusOnly = decls.map((d) => d.name).filter((n) => !api.commands[n]).sort();
  return { source: api.source, commands, nimbusOnly };
}

/** The mismatches that break real clients, one line each; empty when the declarations are faithful. */
export function fidelityProblems(report: FidelityReport): string[] {
  const out: string[] = [];
  for (const c of report.commands.filter((x) => x.implemented)) {
    if (c.ourAsync !== c.csAsync) out.push(`${c.name}: ${syncWord(c.ourAsync)} here, ${syncWord(c.csAsync)} in CloudStack`);
    if (c.ourListKey !== c.csListKey) out.push(`${c.name}: list key ${c.ourListKey ?? '(none)'} here, ${c.csListKey ?? '(none)'} in CloudStack`);
    for (const p of c.extraParams) out.push(`${c.name}: parameter ${p} is not a CloudStack parameter (document it in scripts/api-compat.ts if it must stay)`);
  }
  for (const n of report.nimbusOnly) if (!documentedExtraCommands[n]) out.push(`${n}: not a CloudStack command (document it in scripts/api-compat.ts if it must stay)`);
  return out;
}

const syncWord = (async: boolean | undefined) => (async ? 'async' : 'sync');
const names = (list: string[]) => (list.length ? list.join(', ') : '—');
const mark = (ok: boolean) => (ok ? '✓' : '✗');

export function renderReport(report: FidelityReport, decls: readonly CommandDecl[], observed: ObservedFile, api: ApiJson): string {
  const implemented = report.commands.filter((c) => c.implemented);
  const asyncTotal = report.commands.filter((c) => c.csAsync).length;
  const problems = [...fidelityProblems(report), ...responseProblems(decls, api, observed)];
  const responses = implemented.map((c) => c.response as ResponseFidelity);
  const seen = responses.filter((r) => r.observed);
  const services = [...new Set(report.commands.map((c) => c.service))];
  const lines: string[] = [
    '# CloudStack API compatibility',
    '',
    'Generated by `./scripts/run-node.sh scripts/api-compat.ts` from our command declarations',
    '(`packages/server/src/commands.ts`), the response fields a probe saw them answer (`docs/api-fields.json`, written by',
    '`./scripts/run-node.sh scripts/fidelity-probe.ts`) and CloudStack 4.22\'s API description (`../shared/cloudstack/api.json`,',
    `${report.source}). Do not edit by hand: \`test/api/fidelity.test.ts\` fails when this page is stale.`,
    '',
    '## Summary',
    '',
    `Implemented **${implemented.length} of ${report.commands.length}** CloudStack commands`,
    `(${implemented.filter((c) => c.csAsync).length} of the ${asyncTotal} asynchronous ones).`,
    '',
    `- sync/async differing from CloudStack: ${implemented.filter((c) => c.ourAsync !== c.csAsync).length}`,
    `- list key differing from CloudStack: ${implemented.filter((c) => c.ourListKey !== c.csListKey).length}`,
    `- CloudStack parameters not accepted yet, over the implemented commands: ${implemented.reduce((n, c) => n + c.missingParams.length, 0)}`,
    `- parameters CloudStack does not have: ${implemented.reduce((n, c) => n + c.extraParams.length + c.documentedParams.length, 0)} (undocumented: ${implemented.reduce((n, c) => n + c.extraParams.length, 0)})`,
    `- commands CloudStack does not have: ${report.nimbusOnly.length}`,
    `- commands whose answers the probe observed: ${seen.length} of ${implemented.length} implemented`,
    `- CloudStack response fields we do not answer, over the observed commands: ${seen.reduce((n, r) => n + r.missingFields.length, 0)}`,
    `- response fields CloudStack does not have: ${seen.reduce((n, r) => n + r.extraFields.length + r.documentedFields.length, 0)} (undocumented: ${seen.reduce((n, r) => n + r.extraFields.length, 0)})`,
    `- answers under another list key or object name than CloudStack's: ${seen.filter((r) => wrongNames(r).length).length}`,
    `- error bodies probed: ${observed.errors.length}, not of CloudStack's shape: ${observed.problems.filter((p) => p.includes('error')).length}`,
    '',
    'Parameter names are compared case-insensitively (CloudStack lower-cases them before binding). A parameter CloudStack',
    'has and we lack is ignored when a client sends it, as CloudStack ignores unknown parameters. Response fields are the',
    'top-level names of the object a command answers (of every list item, of an async job\'s result), as the probe saw them;',
    '`jobid` and `jobstatus`, which CloudStack sets only on some answers, are not counted as missing. A field CloudStack',
    'answers only in some states (a volume\'s `attached`) counts as missing when the probe never met that state, and',
    'CloudStack itself leaves out fields whose value is null (a VM\'s `isoid` with no ISO attached), so a real CloudStack',
    'answering for the same resources would lack some of these too. The probe calls as the administrator and as a user.',
    '',
  ];
  if (problems.length) lines.push('### Mismatches that break clients', '', ...problems.map((p) => `- ${p}`), '');

  lines.push('| service | implemented |', '| --- | --- |');
  for (const s of services) {
    const all = report.commands.filter((c) => c.service === s);
    lines.push(`| [${s}](#${s.toLowerCase()}) | ${all.filter((c) => c.implemented).length} of ${all.length} |`);
  }
  lines.push('', '## Extensions and corrections', '');
  const extras = Object.entries(documentedExtraParams).flatMap(([cmd, ps]) => Object.entries(ps).map(([p, why]) => `| ${cmd} | parameter \`${p}\` | ${why} |`));
  const extraCommands = report.nimbusOnly.map((n) => `| ${n} | command | ${documentedExtraCommands[n] ?? 'undocumented'} |`);
  const extraFields = Object.entries(documentedExtraFields).flatMap(([cmd, fs]) => Object.entries(fs).map(([f, why]) => `| ${cmd} | response field \`${f}\` | ${why} |`));
  const like = Object.entries(answersLike).map(([cmd, a]) => `| ${cmd} | answers as ${a.like} | ${a.why} |`);
  const keys = Object.entries(listKeyCorrections).map(([cmd, c]) => `| ${cmd} | list key \`${c.key}\` (api.json: \`${c.apiJson}\`) | ${c.why} |`);
  lines.push('| command | what | why |', '| --- | --- | --- |', ...extraCommands, ...extras, ...extraFields, ...like, ...keys);
  lines.push('', '## Error bodies probed', '', 'Deliberately bad calls; CloudStack answers `{"<command>response": {uuidList, errorcode, cserrorcode, errortext}}`', 'with the HTTP status equal to `errorcode`; a failed job\'s result is `{uuidList, errorcode, errortext}`.', '');
  lines.push('| command | call | HTTP status | errorcode | cserrorcode | body fields |', '| --- | --- | --- | --- | --- | --- |');
  for (const e of observed.errors) lines.push(`| ${e.command} | ${e.what} | ${e.status} | ${e.errorcode ?? ''} | ${e.cserrorcode ?? ''} | ${e.keys.join(', ')} |`);
  lines.push('', 'Known differences, not failed on (each needs a change in the kernel):', '', ...knownDifferences.map((d) => `- ${d}`));

  const declByName = new Map(decls.map((d) => [d.name, d]));
  lines.push('', '## Commands by service', '');
  for (const s of services) {
    const all = report.commands.filter((c) => c.service === s);
    lines.push(`### ${s}`, '', `${all.filter((c) => c.implemented).length} of ${all.length} implemented.`, '');
    lines.push('| command | implemented | sync/async | CloudStack parameters we lack | parameters CloudStack lacks | list key | answer name | CloudStack response fields we lack | response fields CloudStack lacks |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const c of all) {
      if (!c.implemented) {
        lines.push(`| ${c.name} | no | ${syncWord(c.csAsync)} | | | ${c.csListKey ?? ''} | | | |`);
        continue;
      }
      const decl = declByName.get(c.name) as CommandDecl;
      const asyncCell = c.ourAsync === c.csAsync ? `${syncWord(c.csAsync)} ${mark(true)}` : `${syncWord(c.ourAsync)} here, ${syncWord(c.csAsync)} in CloudStack ${mark(false)}`;
      const keyCell = c.ourListKey === c.csListKey ? (c.csListKey ? `${c.csListKey} ${mark(true)}` : mark(true)) : `${c.ourListKey ?? '(none)'} here, ${c.csListKey ?? '(none)'} in CloudStack ${mark(false)}`;
      const extra = [...c.documentedParams.map((p) => `${p} (extension)`), ...c.extraParams.map((p) => `${p} ${mark(false)}`)];
      lines.push(`| ${decl.name} | yes | ${asyncCell} | ${names(c.missingParams)} | ${names(extra)} | ${keyCell} | ${responseCells(c.response as ResponseFidelity)} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** The answer-name, missing-fields and extra-fields cells of an implemented command's row. */
function responseCells(r: ResponseFidelity): string {
  if (!r.observed) return `${r.csNames.join(', ')} | not observed | not observed`;
  const name = r.ourNames.map((n) => (r.csNames.length ? `${n} ${mark(r.csNames.includes(n))}` : `${n} (CloudStack's not known)`)).join(', ');
  const extra = [...r.documentedFields.map((f) => `${f} (extension)`), ...r.extraFields.map((f) => `${f} ${mark(false)}`)];
  return `${name} | ${names(r.missingFields)} | ${names(extra)}`;
}

/** The page as the current declarations, the probe's observations and api.json describe it. */
export async function currentReport(): Promise<string> {
  const { allCommands } = await import('../packages/server/src/commands.ts');
  const api = loadApiJson();
  const observed = readObserved();
  return renderReport(compareCommands(allCommands, api, observed), allCommands, observed, api);
}

if (import.meta.main) {
  writeFileSync(reportPath, await currentReport());
  console.log(`wrote ${reportPath}`);
}
