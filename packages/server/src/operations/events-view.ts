import type { Database } from '../db/schema.ts';
import type { ParamDecl, Params, ResponseObject } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { parseDate } from '../kernel/params.ts';
import { formatDate } from '../kernel/serialize.ts';
import { displayPath } from '../identity/responses.ts';

export interface EventRow {
  event: Database['event'];
  username: string | null;
  accountName: string | null;
  domainName: string | null;
  domainPath: string | null;
}

export function eventResponse(r: EventRow): ResponseObject {
  const e = r.event;
  return {
    id: e.id,
    username: r.username,
    type: e.type,
    level: e.level,
    description: e.description,
    account: r.accountName,
    domainid: e.domain_id,
    domain: r.domainName,
    domainpath: r.domainPath ? displayPath(r.domainPath) : undefined,
    created: formatDate(e.created),
    state: e.state,
    parentid: e.start_id,
    resourceid: e.resource_id,
    resourcetype: e.resource_type,
    archived: e.archived === 1,
  };
}

/**
 * Declared as strings, not dates: CloudStack reads a bare day as the first second of that day in `startdate` and
 * as its last in `enddate`, which a parsed date can no longer tell.
 */
export const eventDateParams: Record<string, ParamDecl> = {
  startdate: { type: 'string', description: 'Events created at or after this date (yyyy-MM-dd, yyyy-MM-dd HH:mm:ss or ISO 8601)' },
  enddate: { type: 'string', description: 'Events created at or before this date (a bare day includes the whole day)' },
};

const DAY_MS = 86_400_000;

/** The creation-time bounds of `startdate`/`enddate` as ISO text, comparable with the `created` column. */
export function eventDates(command: string, p: Params): { start?: string; end?: string } {
  const bound = (name: 'startdate' | 'enddate'): string | undefined => {
    const raw = p[name] as string | undefined;
    if (raw === undefined) return undefined;
    const d = parseDate(raw);
    if (!d) throw errors.invalidParam(command, name, raw, 'expected a date as yyyy-MM-dd, yyyy-MM-dd HH:mm:ss or yyyy-MM-ddTHH:mm:ssZ');
    const wholeDay = name === 'enddate' && /^\d{4}-\d{2}-\d{2}$/.test(raw);
    return new Date(d.getTime() + (wholeDay ? DAY_MS - 1 : 0)).toISOString();
  };
  const start = bound('startdate');
  const end = bound('enddate');
  if (start && end && start > end) throw errors.paramError('Please provide a start date that is not after the end date');
  return { start, end };
}
