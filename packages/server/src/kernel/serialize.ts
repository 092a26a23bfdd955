import type { CommandResult, ResponseDecl, ResponseObject } from './command.ts';

export const CLOUDSTACK_VERSION = '4.22.0.0';

/** CloudStack's wire date format, `yyyy-MM-dd'T'HH:mm:ssZ` in UTC: `2026-11-24T10:26:30+0000`. */
export function formatDate(value: Date | string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return undefined;
  return `${d.toISOString().slice(0, 19)}+0000`;
}

/** Builds the body inside `<command>response` from a handler's result. */
export function responseBody(decl: ResponseDecl, result: CommandResult): ResponseObject {
  switch (result.kind) {
    case 'list':
      if (decl.type !== 'list') throw new Error('list result for a non-list command');
      return result.items.length === 0 ? {} : { count: result.count, [decl.listKey]: result.items.map(prune) };
    case 'object':
      if (decl.type !== 'object') throw new Error('object result for a non-object command');
      return { [decl.name]: prune(result.object) };
    case 'success':
      return prune({ success: true, displaytext: result.displaytext });
    case 'raw':
      return prune(result.body);
  }
}

/** Drops null and undefined fields recursively: CloudStack omits nulls. */
export function prune<T>(value: T): T {
  if (Array.isArray(value)) return value.map(prune) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = prune(v);
    return out as T;
  }
  return value;
}

export type ResponseFormat = 'json' | 'xml';

export function contentType(format: ResponseFormat): string {
  return format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8';
}

/** Serialises `{ "<command>response": body }` in the requested format. */
export function serialize(format: ResponseFormat, wrapper: string, body: ResponseObject): string {
  if (format === 'json') return JSON.stringify({ [wrapper]: body });
  return `<?xml version="1.0" encoding="UTF-8"?><${wrapper} cloud-stack-version="${CLOUDSTACK_VERSION}">${xmlFields(body)}</${wrapper}>`;
}

function xmlFields(obj: Record<string, unknown>): string {
  let out = '';
  for (const [key, value] of Object.entries(obj)) out += xmlElement(key, value);
  return out;
}

function xmlElement(name: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => xmlElement(name, v)).join('');
  if (typeof value === 'object') return `<${name}>${xmlFields(value as Record<string, unknown>)}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);
}
