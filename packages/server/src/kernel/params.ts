import type { CommandDecl, MapEntry, ParamDecl, ParamValue, Params } from './command.ts';
import { errors } from './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAP_NAME = /^([a-z0-9_]+)\[(\d+)\]\.(.+)$/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const DEFAULT_LENGTH = 255;

/** A request's parameters as received: decoded, in wire order, names as sent. */
export type RawParams = Array<[name: string, value: string]>;

/** Java's `Boolean.valueOf`: only "true" in any case is true; clients send `True`, `False`, even `None`. */
export function parseBoolean(value: string): boolean {
  return value.toLowerCase() === 'true';
}

/** Looks a parameter up by name, case-insensitively, as CloudStack's parameter unpacking does. */
export function rawValue(raw: RawParams, name: string): string | undefined {
  const lower = name.toLowerCase();
  let found: string | undefined;
  for (const [n, v] of raw) if (n.toLowerCase() === lower) found = v;
  return found;
}

/**
 * Validates and converts the raw parameters against a command's declaration. Unknown parameters are ignored, as
 * CloudStack ignores them; a missing required one, a malformed value or a control character is a 431.
 */
export function coerceParams(decl: CommandDecl, raw: RawParams): Params {
  const scalars = new Map<string, string>();
  const maps = new Map<string, Map<number, MapEntry>>();
  for (const [name, value] of raw) {
    const m = MAP_NAME.exec(name);
    if (m) {
      const key = m[1].toLowerCase();
      const byIndex = maps.get(key) ?? new Map<number, MapEntry>();
      const entry = byIndex.get(Number(m[2])) ?? {};
      entry[m[3]] = value;
      byIndex.set(Number(m[2]), entry);
      maps.set(key, byIndex);
    } else {
      scalars.set(name.toLowerCase(), value);
    }
  }

  const out: Params = {};
  for (const [name, p] of Object.entries(decl.params)) {
    if (p.type === 'map') {
      const byIndex = maps.get(name);
      if (byIndex) {
        const entries = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e);
        for (const e of entries) for (const [k, v] of Object.entries(e)) checkControl(decl, `${name}.${k}`, v);
        out[name] = entries;
      } else if (p.required) {
        throw errors.missingParam(decl.name, name);
      }
      continue;
    }
    const value = scalars.get(name);
    if (value === undefined || value === '') {
      if (p.required) throw errors.missingParam(decl.name, name);
      continue;
    }
    checkControl(decl, name, value);
    out[name] = coerceValue(decl, name, p, value);
  }
  return out;
}

function checkControl(decl: CommandDecl, name: string, value: string): void {
  if (CONTROL.test(value)) throw errors.invalidParam(decl.name, name, JSON.stringify(value), 'control characters are not allowed');
}

function coerceValue(decl: CommandDecl, name: string, p: ParamDecl, value: string): ParamValue {
  if (p.type === 'list') {
    const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const of = p.of ?? 'string';
    const coerced = items.map((item) => coerceScalar(decl, name, { ...p, type: of }, item));
    return of === 'integer' || of === 'long' || of === 'short' ? (coerced as number[]) : (coerced as string[]);
  }
  return coerceScalar(decl, name, p, value);
}

function coerceScalar(decl: CommandDecl, name: string, p: ParamDecl, value: string): string | number | boolean | Date {
  const bad = (why: string) => errors.invalidParam(decl.name, name, value, why);
  switch (p.type) {
    case 'uuid':
      if (!UUID.test(value)) throw bad('not a valid UUID');
      return value.toLowerCase();
    case 'integer':
    case 'short':
    case 'long': {
      if (!/^-?\d+$/.test(value)) throw bad(`incorrect ${p.type} value format`);
      const n = Number(value);
      const limit = p.type === 'short' ? 32767 : p.type === 'integer' ? 2147483647 : Number.MAX_SAFE_INTEGER;
      if (Math.abs(n) > limit) throw bad(`out of range for ${p.type}`);
      return n;
    }
    case 'boolean':
      return parseBoolean(value);
    case 'date': {
      const d = parseDate(value);
      if (!d) throw bad('expected a date as yyyy-MM-dd, yyyy-MM-dd HH:mm:ss or yyyy-MM-ddTHH:mm:ssZ');
      return d;
    }
    default: {
      const max = p.length ?? DEFAULT_LENGTH;
      if (value.length > max) throw bad(`longer than ${max} characters`);
      return value;
    }
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Accepts the date forms CloudStack accepts: a day, a day and time (UTC), or ISO 8601 with `Z` or an offset.
 * A date that does not exist (30 February, hour 24) is refused rather than rolled over into the next month or day.
 */
export function parseDate(value: string): Date | undefined {
  const m = DATE.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const exists =
    at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d && at.getUTCHours() === h && at.getUTCMinutes() === mi && at.getUTCSeconds() === s;
  if (!exists) return undefined;
  let offsetMinutes = 0;
  if (m[8] && m[8] !== 'Z') {
    const sign = m[8][0] === '-' ? -1 : 1;
    const digits = m[8].slice(1).replace(':', '');
    const [oh, om] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const millis = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  return new Date(at.getTime() + millis - offsetMinutes * 60_000);
}
