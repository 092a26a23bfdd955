import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ApiCaller, Body } from '../api-client.ts';

/** What the CLI keeps of one listApis entry: enough to map, check parameters, complete and wait. */
export interface ApiParam {
  name: string;
  required: boolean;
  type: string;
  description: string;
}
export interface ApiInfo {
  name: string;
  isasync: boolean;
  description: string;
  params: ApiParam[];
}

export function toApiInfo(a: Body): ApiInfo {
  return {
    name: String(a.name),
    isasync: a.isasync === true,
    description: String(a.description ?? ''),
    params: ((a.params ?? []) as Body[]).map((p) => ({ name: String(p.name), required: p.required === true, type: String(p.type ?? ''), description: String(p.description ?? '') })),
  };
}

/** Calls listApis and writes the answer to `path`; returns the commands. */
export async function syncApis(api: ApiCaller, path: string): Promise<ApiInfo[]> {
  const body = await api.call('listApis');
  const apis = ((body.api ?? []) as Body[]).map(toApiInfo).sort((a, b) => a.name.localeCompare(b.name));
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify({ url: api.url, synced: new Date().toISOString(), apis })}\n`, { mode: 0o600 });
  return apis;
}

/** The cached commands, or undefined when the profile was never synced (or the file is unreadable). */
export function loadApis(path: string): ApiInfo[] | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const apis = (JSON.parse(readFileSync(path, 'utf8')) as { apis?: ApiInfo[] }).apis;
    return Array.isArray(apis) ? apis : undefined;
  } catch {
    return undefined;
  }
}

/** `nimbus <verb> <noun> -h`: what the command does and its parameters, required ones first. */
export function describeApi(api: ApiInfo): string {
  const params = [...api.params].sort((a, b) => Number(b.required) - Number(a.required) || a.name.localeCompare(b.name));
  const width = Math.max(0, ...params.map((p) => p.name.length + 1));
  const lines = params.map((p) => `  ${`${p.name}=`.padEnd(width)}  ${p.required ? '(required) ' : ''}${p.description}`);
  return [`${api.name}${api.isasync ? ' (async)' : ''}: ${api.description}`, ...lines].join('\n');
}
