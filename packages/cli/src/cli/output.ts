import type { Body } from '../api-client.ts';
import type { Format } from './config.ts';

/**
 * A response's rows: a list answer's items (`{count, zone: [...]}`), the one object of an object answer
 * (`{account: {...}}`, also a job's result), or the answer itself (`{success: true}`).
 */
interface Shape {
  key?: string;
  count?: unknown;
  items: Body[];
  list: boolean;
}

const isObject = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);

function shape(body: Body): Shape {
  const listKey = Object.keys(body).find((k) => Array.isArray(body[k]) && (body[k] as unknown[]).every(isObject));
  if (listKey) return { key: listKey, count: body.count, items: body[listKey] as Body[], list: true };
  // CloudStack answers an empty list with `{}` (no count, no key).
  if (Object.keys(body).length === 0) return { items: [], list: true };
  const keys = Object.keys(body);
  if (keys.length === 1 && isObject(body[keys[0]])) return { key: keys[0], items: [body[keys[0]] as Body], list: false };
  return { items: [body], list: false };
}

function pick(item: Body, fields: string[]): Body {
  const out: Body = {};
  for (const f of fields) {
    const key = Object.keys(item).find((k) => k.toLowerCase() === f.toLowerCase());
    if (key !== undefined) out[key] = item[key];
  }
  return out;
}

function columns(items: Body[], filter?: string[]): string[] {
  if (filter) return filter;
  const cols: string[] = [];
  for (const item of items) for (const k of Object.keys(item)) if (!cols.includes(k)) cols.push(k);
  return cols;
}

function cell(item: Body, col: string): unknown {
  const key = Object.keys(item).find((k) => k.toLowerCase() === col.toLowerCase());
  return key === undefined ? undefined : item[key];
}

function plain(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** A table cell fits on a line: nested objects and lists are shortened. */
function short(v: unknown): string {
  if (Array.isArray(v)) return v.length === 0 ? '' : `[${v.length} item${v.length > 1 ? 's' : ''}]`;
  const s = plain(v).replace(/\s+/g, ' ');
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function json(body: Body, s: Shape, filter?: string[]): string {
  if (!filter) return JSON.stringify(body, null, 2);
  const items = s.items.map((i) => pick(i, filter));
  if (s.list) return JSON.stringify(s.key ? { count: s.count, [s.key]: items } : {}, null, 2);
  return JSON.stringify(s.key ? { [s.key]: items[0] } : items[0], null, 2);
}

function table(items: Body[], cols: string[]): string {
  if (!items.length) return '';
  const rows = [cols, ...items.map((i) => cols.map((c) => short(cell(i, c))))];
  const widths = cols.map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((v, j) => v.padEnd(widths[j])).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function flatten(prefix: string, v: unknown, out: string[]): void {
  if (Array.isArray(v)) v.forEach((x, i) => flatten(`${prefix}[${i}]`, x, out));
  else if (isObject(v)) for (const [k, x] of Object.entries(v)) flatten(prefix ? `${prefix}.${k}` : k, x, out);
  else out.push(`${prefix} = ${plain(v)}`);
}

/** Renders an answer in one of the formats, keeping only `filter`'s fields when given. */
export function render(body: Body, format: Format, filter?: string[]): string {
  const s = shape(body);
  if (format === 'json') return `${json(body, s, filter)}\n`;
  const cols = columns(s.items, filter);
  let text: string;
  if (format === 'table') text = table(s.items, cols);
  else if (format === 'csv') text = s.items.length || filter ? [cols, ...s.items.map((i) => cols.map((c) => plain(cell(i, c))))].map((r) => r.map(csvField).join(',')).join('\n') : '';
  else
    text = s.items
      .map((i) => {
        const lines: string[] = [];
        flatten('', filter ? pick(i, filter) : i, lines);
        return lines.join('\n');
      })
      .join(`\n${'='.repeat(40)}\n`);
  return text ? `${text}\n` : '';
}
