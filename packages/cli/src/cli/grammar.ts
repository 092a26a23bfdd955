import type { ApiInfo } from './apis-cache.ts';
import { UsageError } from './errors.ts';

/** cloudmonkey's grammar: a command name splits at its first capital, `deployVirtualMachine` = `deploy virtualmachine`. */
export function splitName(name: string): { verb: string; noun: string } | undefined {
  const at = name.search(/[A-Z]/);
  if (at <= 0) return undefined;
  return { verb: name.slice(0, at), noun: name.slice(at).toLowerCase() };
}

export type Grammar = Map<string, Map<string, ApiInfo>>;

export function buildGrammar(apis: ApiInfo[]): Grammar {
  const grammar: Grammar = new Map();
  for (const api of apis) {
    const parts = splitName(api.name);
    if (!parts) continue;
    const nouns = grammar.get(parts.verb) ?? new Map<string, ApiInfo>();
    nouns.set(parts.noun, api);
    grammar.set(parts.verb, nouns);
  }
  return grammar;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** The closest candidates: a typo (edit distance up to a third of the word) or a word the input starts. */
export function suggest(word: string, candidates: Iterable<string>): string[] {
  const w = word.toLowerCase();
  const scored = [...candidates].map((c) => ({ c, d: c.startsWith(w) ? 0 : distance(w, c) })).filter(({ d }) => d <= Math.max(1, Math.floor(w.length / 3)));
  return scored.sort((a, b) => a.d - b.d || a.c.localeCompare(b.c)).slice(0, 3).map(({ c }) => c);
}

function unknown(what: string, word: string, candidates: string[]): UsageError {
  const close = suggest(word, candidates);
  const hint = close.length ? `; did you mean ${close.map((c) => `'${c}'`).join(' or ')}?` : '';
  return new UsageError(`unknown ${what} '${word}'${hint} (${what}s: ${[...candidates].sort().join(', ')})`);
}

/** The command a verb and noun name; an unknown one is a UsageError listing what exists. */
export function resolveCommand(grammar: Grammar, verb: string, noun: string | undefined): ApiInfo {
  const nouns = grammar.get(verb);
  if (!nouns) throw unknown('verb', verb, [...grammar.keys()]);
  if (noun === undefined) throw new UsageError(`${verb}: which one? (nouns: ${[...nouns.keys()].sort().join(', ')})`);
  const api = nouns.get(noun.toLowerCase());
  if (!api) throw unknown(`${verb} noun`, noun, [...nouns.keys()]);
  return api;
}

export interface CallArgs {
  params: Record<string, string>;
  /** cloudmonkey's `filter=a,b`: a pseudo-parameter, never sent, that keeps those response fields. */
  filter?: string[];
}

/** `key=value` words; map parameters (`tags[0].key=k`) pass through as given. */
export function parseArgs(words: string[]): CallArgs {
  const out: CallArgs = { params: {} };
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0) throw new UsageError(`'${word}' is not key=value`);
    const key = word.slice(0, eq);
    const value = word.slice(eq + 1);
    if (key === 'filter') out.filter = value.split(',').map((f) => f.trim()).filter(Boolean);
    else out.params[key] = value;
  }
  return out;
}

/** Checks parameter names against listApis before any call: names compare case-insensitively, as the server does. */
export function checkParams(api: ApiInfo, params: Record<string, string>): void {
  const known = new Map(api.params.map((p) => [p.name.toLowerCase(), p.name]));
  for (const key of Object.keys(params)) {
    const base = key.replace(/\[.*$/, '').toLowerCase();
    if (!known.has(base)) {
      const close = suggest(base, known.keys());
      throw new UsageError(`${api.name}: unknown parameter '${key}'${close.length ? `; did you mean ${close.map((c) => `'${known.get(c)}'`).join(' or ')}?` : ''}`);
    }
  }
  const given = new Set(Object.keys(params).map((k) => k.replace(/\[.*$/, '').toLowerCase()));
  const missing = api.params.filter((p) => p.required && !given.has(p.name.toLowerCase())).map((p) => p.name);
  if (missing.length) throw new UsageError(`${api.name}: missing required parameter${missing.length > 1 ? 's' : ''} ${missing.map((m) => `${m}=`).join(' ')}`);
}
