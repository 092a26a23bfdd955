import type { ApiCaller, Body } from '../api-client.ts';
import { describeApi, loadApis, syncApis, type ApiInfo } from './apis-cache.ts';
import { bashScript, completeWords } from './completion.ts';
import { cachePath, checkFormat, configPath, currentProfileName, describeProfiles, loadConfig, profileNames, resolveProfile, saveConfig, setKey, type Config, type Format, type Profile } from './config.ts';
import { UsageError } from './errors.ts';
import { buildGrammar, checkParams, parseArgs, resolveCommand } from './grammar.ts';
import { render } from './output.ts';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  errIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** Resolves once everything written is out: main.ts exits right after, which would cut a piped answer short. */
  flush(): Promise<void>;
}

const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  errIsTTY: process.stderr.isTTY === true,
  env: process.env,
  flush: () => new Promise((resolve) => process.stdout.write('', () => resolve())),
};

interface Options {
  profile?: string;
  output?: Format;
  async: boolean;
  help: boolean;
  words: string[];
}

/** Global options may stand anywhere: parameters are key=value, so a word starting with '-' is an option (but a `set` value). */
export function parseOptions(argv: string[]): Options {
  const o: Options = { async: false, help: false, words: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    // `set <key> <value>`: the value is data (a secret key may start with '-').
    if (o.words.length === 2 && o.words[0] === 'set') {
      o.words.push(a);
      continue;
    }
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '-p' || flag === '--profile') o.profile = value();
    else if (flag === '-o' || flag === '--output') o.output = checkFormat(value());
    else if (flag === '-a' || flag === '--async') o.async = true;
    else if (flag === '-h' || flag === '--help') o.help = true;
    else if (a.startsWith('-')) throw new UsageError(`unknown option '${a}' (options: -p/--profile NAME, -o/--output FORMAT, -a/--async, -h/--help)`);
    else o.words.push(a);
  }
  return o;
}

/** One call's state: the profile, and a caller and command list obtained only when needed. */
class Invocation {
  readonly config: Config;
  readonly profile: Profile;
  readonly format: Format;
  private api?: ApiCaller;
  constructor(config: Config, o: Options, env: NodeJS.ProcessEnv) {
    this.config = config;
    this.profile = resolveProfile(config, o.profile, env);
    this.format = o.output ?? this.profile.output;
  }
  async caller(): Promise<ApiCaller> {
    if (!this.api) this.api = await (await import('./connect.ts')).connect(this.profile);
    return this.api;
  }
  async sync(): Promise<ApiInfo[]> {
    return syncApis(await this.caller(), cachePath(this.config, this.profile.name));
  }
  /** The cached listApis; the first verb call of a profile syncs. */
  async apis(): Promise<ApiInfo[]> {
    return loadApis(cachePath(this.config, this.profile.name)) ?? this.sync();
  }
}

/** An answer that only carries a job id is an async command's: `api` waits for it without needing the cache. */
function looksAsync(body: Body): boolean {
  return typeof body.jobid === 'string' && Object.keys(body).every((k) => k === 'jobid' || k === 'id');
}

/** Calls a command, waits for its job when `isasync` says the answer started one (unless --async), prints the result. */
async function call(s: Invocation, o: Options, io: Io, command: string, params: Record<string, string>, isasync: (body: Body) => boolean, filter?: string[]): Promise<number> {
  const api = await s.caller();
  let body = await api.call(command, params);
  if (isasync(body) && !o.async && typeof body.jobid === 'string') {
    const { waitForJob } = await import('./jobs.ts');
    body = await waitForJob(api, command, body.jobid, s.profile.timeout, { write: io.err, isTTY: io.errIsTTY });
  }
  io.out(render(body, s.format, filter));
  return 0;
}

/** `nimbus __complete WORDS...` (the bash script's callback): the raw words, options included, so `-p ''` completes. */
function complete(words: string[], io: Io): number {
  const config = loadConfig(configPath(io.env));
  const p = words.findIndex((w) => w === '-p' || w === '--profile');
  const profile = p >= 0 && p + 2 < words.length ? words[p + 1] : currentProfileName(config);
  const found = completeWords(words, { apis: loadApis(cachePath(config, profile)), profiles: profileNames(config) });
  io.out(found.length ? `${found.join('\n')}\n` : '');
  return 0;
}

async function dispatch(o: Options, io: Io): Promise<number> {
  const [first, ...rest] = o.words;
  if (first === undefined) throw new UsageError('which command? (nimbus help lists them)');
  if (first === 'completion') {
    if (rest[0] !== 'bash') throw new UsageError('usage: nimbus completion bash');
    io.out(bashScript());
    return 0;
  }
  const config = loadConfig(configPath(io.env));
  if (first === 'set') {
    if (rest.length < 2) throw new UsageError('usage: nimbus set KEY VALUE (nimbus set profile NAME switches profile)');
    setKey(config, rest[0], rest.slice(1).join(' '));
    saveConfig(config);
    return 0;
  }
  if (first === 'profile' || first === 'profiles') {
    io.out(`${describeProfiles(config)}\n`);
    return 0;
  }
  const s = new Invocation(config, o, io.env);
  if (first === 'sync') {
    const apis = await s.sync();
    io.out(`${apis.length} commands synced for profile ${s.profile.name}\n`);
    return 0;
  }
  if (o.help && first === 'api') {
    const found = (await s.apis()).find((a) => a.name.toLowerCase() === (rest[0] ?? '').toLowerCase());
    if (!found) throw new UsageError(`no command '${rest[0] ?? ''}' in the profile's listApis (nimbus sync refreshes it)`);
    io.out(`${describeApi(found)}\n`);
    return 0;
  }
  if (first === 'api') {
    if (!rest[0]) throw new UsageError('usage: nimbus api COMMAND [key=value ...]');
    const args = parseArgs(rest.slice(1));
    const cached = loadApis(cachePath(config, s.profile.name))?.find((a) => a.name.toLowerCase() === rest[0].toLowerCase());
    return call(s, o, io, rest[0], args.params, (body) => cached?.isasync ?? looksAsync(body), args.filter);
  }
  const info = resolveCommand(buildGrammar(await s.apis()), first, rest[0]);
  if (o.help) {
    io.out(`${describeApi(info)}\n`);
    return 0;
  }
  const args = parseArgs(rest.slice(1));
  checkParams(info, args.params);
  return call(s, o, io, info.name, args.params, () => info.isasync, args.filter);
}

/** The CLI verbs: one line on stderr for any error, exit 2 for a usage mistake, 1 for a failed call. */
export async function runCli(argv: string[], io: Io = processIo): Promise<number> {
  // A reader that stops early (`| head`) is not an error worth a stack trace.
  if (io === processIo) process.stdout.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? 0 : 1));
  let code: number;
  try {
    code = argv[0] === '__complete' ? complete(argv.slice(1), io) : await dispatch(parseOptions(argv), io);
  } catch (e) {
    io.err(`nimbus: ${(e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ')}\n`);
    code = e instanceof UsageError ? 2 : 1;
  }
  await io.flush();
  return code;
}
