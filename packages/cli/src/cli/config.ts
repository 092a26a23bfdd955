import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { UsageError } from './errors.ts';

/**
 * The CLI's configuration: an INI file like cloudmonkey's `~/.cmk/config`, a `[core]` section naming the current
 * profile and one section per profile.
 */
export type Section = Record<string, string>;
export interface Config {
  path: string;
  sections: Map<string, Section>;
}

export const FORMATS = ['json', 'table', 'csv', 'text'] as const;
export type Format = (typeof FORMATS)[number];
export const PROFILE_KEYS = ['url', 'apikey', 'secretkey', 'username', 'password', 'domain', 'output', 'timeout'] as const;
const DEFAULT_PROFILE = 'local';
const DEFAULT_URL = 'http://127.0.0.1:8080/client/api';

export interface Profile {
  name: string;
  url: string;
  apikey?: string;
  secretkey?: string;
  username?: string;
  password?: string;
  domain?: string;
  output: Format;
  /** Seconds an async command may take before the CLI stops waiting. */
  timeout: number;
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.NIMBUS_CONFIG || join(homedir(), '.nimbus', 'config');
}

export function parseIni(text: string): Map<string, Section> {
  const sections = new Map<string, Section>();
  let current: Section | undefined;
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      const name = header[1].trim();
      current = sections.get(name) ?? {};
      sections.set(name, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0 || !current) throw new UsageError(`line ${i + 1} is neither [section] nor key = value inside a section`);
    current[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return sections;
}

export function formatIni(sections: Map<string, Section>): string {
  const blocks = [...sections].map(([name, s]) => [`[${name}]`, ...Object.entries(s).map(([k, v]) => `${k} = ${v}`)].join('\n'));
  return `${blocks.join('\n\n')}\n`;
}

/** Reads the file; a missing file is an empty configuration with the default profile. */
export function loadConfig(path = configPath()): Config {
  if (!existsSync(path)) return { path, sections: new Map<string, Section>([['core', { profile: DEFAULT_PROFILE }], [DEFAULT_PROFILE, { url: DEFAULT_URL }]]) };
  try {
    return { path, sections: parseIni(readFileSync(path, 'utf8')) };
  } catch (e) {
    throw new UsageError(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Writes the file readable by its owner only: it holds secret keys and passwords. */
export function saveConfig(config: Config): void {
  mkdirSync(dirname(config.path), { recursive: true, mode: 0o700 });
  writeFileSync(config.path, formatIni(config.sections), { mode: 0o600 });
  chmodSync(config.path, 0o600);
}

export function currentProfileName(config: Config): string {
  return config.sections.get('core')?.profile || DEFAULT_PROFILE;
}

export function profileNames(config: Config): string[] {
  return [...config.sections.keys()].filter((n) => n !== 'core');
}

/** `nimbus set KEY VALUE`: `profile` switches to (or creates) a profile, any other key goes to the current one. */
export function setKey(config: Config, key: string, value: string): void {
  if (key === 'profile') {
    if (!value || value === 'core' || /[[\]\s]/.test(value)) throw new UsageError(`'${value}' cannot name a profile`);
    config.sections.set('core', { ...config.sections.get('core'), profile: value });
    if (!config.sections.has(value)) config.sections.set(value, { url: DEFAULT_URL });
    return;
  }
  if (!(PROFILE_KEYS as readonly string[]).includes(key)) throw new UsageError(`unknown setting '${key}'; settings: profile, ${PROFILE_KEYS.join(', ')}`);
  if (key === 'output') checkFormat(value);
  if (key === 'url' && !/^https?:\/\/[^/]/.test(value)) throw new UsageError(`url must be the API endpoint, http://host:8080/client/api, not '${value}'`);
  if (key === 'timeout' && !(Number(value) > 0)) throw new UsageError(`timeout must be a number of seconds, not '${value}'`);
  const name = currentProfileName(config);
  config.sections.set(name, { ...config.sections.get(name), [key]: value });
}

export function checkFormat(value: string): Format {
  if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`unknown output format '${value}'; formats: ${FORMATS.join(', ')}`);
  return value as Format;
}

/** The profile a call uses: `-p NAME` or the current one, then NIMBUS_URL / NIMBUS_API_KEY / NIMBUS_SECRET_KEY on top. */
export function resolveProfile(config: Config, name: string | undefined, env: NodeJS.ProcessEnv = process.env): Profile {
  const chosen = name ?? currentProfileName(config);
  const s = config.sections.get(chosen);
  if (!s || chosen === 'core') throw new UsageError(`no profile '${chosen}' in ${config.path}; profiles: ${profileNames(config).join(', ') || 'none'}`);
  const timeout = Number(s.timeout ?? 1800);
  return {
    name: chosen,
    url: env.NIMBUS_URL || s.url || DEFAULT_URL,
    apikey: env.NIMBUS_API_KEY || s.apikey || undefined,
    secretkey: env.NIMBUS_SECRET_KEY || s.secretkey || undefined,
    username: s.username || undefined,
    password: s.password || undefined,
    domain: s.domain || undefined,
    output: checkFormat(s.output || 'json'),
    timeout: timeout > 0 ? timeout : 1800,
  };
}

/** `nimbus profile`: one line per profile, the current one starred, secrets left out. */
export function describeProfiles(config: Config): string {
  const current = currentProfileName(config);
  return profileNames(config)
    .map((n) => {
      const s = config.sections.get(n) as Section;
      const auth = s.apikey ? 'api keys' : s.username ? `user ${s.username}` : 'no credentials';
      return `${n === current ? '*' : ' '} ${n}  ${s.url ?? DEFAULT_URL}  (${auth})`;
    })
    .join('\n');
}

/** Where `nimbus sync` keeps a profile's listApis: beside the configuration file, so NIMBUS_CONFIG moves both. */
export function cachePath(config: Config, profile: string): string {
  return join(dirname(config.path), 'cache', `${profile}.json`);
}
