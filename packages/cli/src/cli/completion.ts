import type { ApiInfo } from './apis-cache.ts';
import { FORMATS, PROFILE_KEYS } from './config.ts';
import { buildGrammar } from './grammar.ts';

/** The subcommands that are not API verbs (main.ts and run.ts handle them). */
export const SUBCOMMANDS = ['server', 'agent', 'up', 'zone', 'help', 'sync', 'api', 'set', 'profile', 'profiles', 'completion'];
const OPTIONS = ['-p', '--profile', '-o', '--output', '-a', '--async'];
const WITH_VALUE = new Set(['-p', '--profile', '-o', '--output']);

export interface CompletionContext {
  apis?: ApiInfo[];
  profiles: string[];
}

function paramWords(api: ApiInfo | undefined, given: string[]): string[] {
  if (!api) return [];
  const used = new Set(given.map((w) => w.split('=')[0].toLowerCase()));
  return [...api.params.map((p) => p.name), 'filter'].filter((n) => !used.has(n.toLowerCase())).map((n) => `${n}=`);
}

function candidates(before: string[], ctx: CompletionContext): string[] {
  const prev = before.at(-1);
  if (prev === '-p' || prev === '--profile') return ctx.profiles;
  if (prev === '-o' || prev === '--output') return [...FORMATS];
  const words: string[] = [];
  for (let i = 0; i < before.length; i++) {
    if (WITH_VALUE.has(before[i])) i++;
    else if (!before[i].startsWith('-')) words.push(before[i]);
  }
  const apis = ctx.apis ?? [];
  const grammar = buildGrammar(apis);
  const [first, second] = words;
  if (first === undefined) return [...SUBCOMMANDS, ...grammar.keys()];
  if (first === 'set') {
    if (words.length === 1) return ['profile', ...PROFILE_KEYS];
    if (words.length === 2 && second === 'profile') return ctx.profiles;
    if (words.length === 2 && second === 'output') return [...FORMATS];
    return [];
  }
  if (first === 'completion') return words.length === 1 ? ['bash'] : [];
  if (first === 'zone') return words.length === 1 ? ['apply'] : [];
  if (first === 'api') {
    if (words.length === 1) return apis.map((a) => a.name);
    return paramWords(apis.find((a) => a.name.toLowerCase() === second.toLowerCase()), words.slice(2));
  }
  const nouns = grammar.get(first);
  if (!nouns) return [];
  if (words.length === 1) return [...nouns.keys()];
  return paramWords(nouns.get(second.toLowerCase()), words.slice(2));
}

/** `nimbus __complete WORDS... CURRENT`: the words that may follow, starting with the current (partial) word. */
export function completeWords(words: string[], ctx: CompletionContext): string[] {
  const cur = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  // A value after `key=` is free text: nothing to offer.
  if (cur.includes('=')) return [];
  const all = cur.startsWith('-') ? OPTIONS : candidates(before, ctx);
  return [...new Set(all)].filter((w) => w.toLowerCase().startsWith(cur.toLowerCase()));
}

/**
 * The bash completion script. It splits the line itself rather than using COMP_WORDS, where bash cuts
 * `name=value` at the `=`; candidates ending in `=` keep the cursor on the word for the value.
 */
export function bashScript(): string {
  return `# nimbus bash completion: eval "$(nimbus completion bash)" (or save it under /etc/bash_completion.d/)
_nimbus() {
  local line=\${COMP_LINE:0:COMP_POINT}
  local -a words
  read -ra words <<< "$line"
  [[ $line == *[[:space:]] ]] && words+=('')
  local IFS=$'\\n'
  COMPREPLY=($(command "\${words[0]}" __complete "\${words[@]:1}" 2>/dev/null))
  if [[ \${#COMPREPLY[@]} -eq 1 && \${COMPREPLY[0]} == *= ]]; then compopt -o nospace; fi
}
complete -F _nimbus nimbus
`;
}
