import { errors } from '../../kernel/errors.ts';
import { parseCidr } from '../cidr.ts';

export type RuleProtocol = 'tcp' | 'udp' | 'icmp' | 'all';

/** A protocol name as CloudStack takes it (any case); `allowed` narrows it (port forwards take tcp and udp only). */
export function ruleProtocol(value: unknown, allowed: readonly RuleProtocol[] = ['tcp', 'udp', 'icmp', 'all']): RuleProtocol {
  const p = String(value ?? '').toLowerCase() as RuleProtocol;
  if (!allowed.includes(p)) throw errors.paramError(`Invalid protocol ${String(value)}: expected one of ${allowed.join(', ')}`);
  return p;
}

/** `start`..`end` (end defaulting to start), each 1-65535 and in order; `what` names the parameters in errors. */
export function portRange(start: unknown, end: unknown, what: string): [number, number] {
  const from = Number(start);
  const to = end === undefined ? from : Number(end);
  for (const port of [from, to]) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw errors.paramError(`Invalid ${what} port ${port}: ports are 1-65535`);
  }
  if (to < from) throw errors.paramError(`Invalid ${what} port range ${from}-${to}: the end port is lower than the start port`);
  return [from, to];
}

/** Whether two inclusive port ranges share a port. */
export function overlaps(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}

/** A comma-separated (or listed) CIDR list, each CIDR checked; `0.0.0.0/0` when none is given. */
export function cidrList(value: unknown, param = 'cidrlist'): string[] {
  const items = (Array.isArray(value) ? value.map(String) : String(value ?? '').split(',')).map((c) => c.trim()).filter((c) => c !== '');
  if (items.length === 0) return ['0.0.0.0/0'];
  for (const c of items) if (!parseCidr(c)) throw errors.paramError(`Invalid CIDR ${c} in ${param}`);
  return items;
}

/** Whether two rules' protocols can catch the same packets: `all` overlaps everything. */
export function protocolsMeet(a: string, b: string): boolean {
  return a === b || a === 'all' || b === 'all';
}
