import type { HealthCheckSpec, StickinessSpec } from '@nimbus/protocol';
import type { MapEntry } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';

type Method = StickinessSpec['method'];

/** A stickiness parameter as the virtual router's capability lists it: a flag takes true/false, `check` vets the rest. */
interface ParamRule {
  flag?: boolean;
  check?: (value: string) => string | undefined;
}

const number = (v: string) => (/^\d+$/.test(v) ? undefined : 'is not a number');
const time = (v: string) => (/^\d+[dhms]?$/.test(v) ? undefined : 'is not a time (a number, optionally followed by d, h, m or s)');
const size = (v: string) => (/^\d+[kmg]?$/.test(v) ? undefined : 'is not a size (a number, optionally followed by k, m or g)');
const oneOf = (...values: string[]) => (v: string) => (values.includes(v) ? undefined : `must be one of ${values.join(', ')}`);
const cookieName = (v: string) => (/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(v) ? undefined : 'is not a valid cookie name');

/** CloudStack's virtual router stickiness methods (haproxy's cookie, appsession and stick-table) and their parameters. */
const methods: Record<Method, Record<string, ParamRule>> = {
  LbCookie: {
    'cookie-name': { check: cookieName },
    mode: { check: oneOf('insert', 'rewrite', 'prefix') },
    nocache: { flag: true },
    indirect: { flag: true },
    postonly: { flag: true },
    domain: {},
  },
  AppCookie: {
    'cookie-name': { check: cookieName },
    length: { check: number },
    holdtime: { check: time },
    'request-learn': { flag: true },
    prefix: { flag: true },
    mode: { check: oneOf('path-parameters', 'query-string') },
  },
  SourceBased: {
    tablesize: { check: size },
    expire: { check: time },
  },
};

/** The method as CloudStack matches it (any case), or 431 naming the ones there are. */
export function stickinessMethod(value: string): Method {
  const method = (Object.keys(methods) as Method[]).find((m) => m.toLowerCase() === value.toLowerCase());
  if (!method) throw errors.paramError(`Invalid methodname ${value}: the virtual router's stickiness methods are ${Object.keys(methods).join(', ')}`);
  return method;
}

/**
 * `param[i].name`/`param[i].value` checked against the method's parameters (CloudStack's names, lower case); a flag
 * given without a value is on. Returns them as the router takes them.
 */
export function stickinessParams(method: Method, entries: MapEntry[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) {
    const name = e.name?.toLowerCase();
    if (!name) throw errors.paramError('Every param of a stickiness policy needs a name (param[0].name=...&param[0].value=...)');
    const rule = methods[method][name];
    if (!rule) throw errors.paramError(`Stickiness method ${method} does not take the parameter ${name}; it takes ${Object.keys(methods[method]).join(', ')}`);
    if (name in out) throw errors.paramError(`Stickiness parameter ${name} is given twice`);
    const value = (e.value ?? (rule.flag ? 'true' : '')).trim();
    const why = rule.flag ? oneOf('true', 'false')(value.toLowerCase()) : value === '' ? 'is empty' : rule.check?.(value);
    if (why) throw errors.paramError(`Invalid value ${value} of stickiness parameter ${name}: it ${why}`);
    out[name] = rule.flag ? value.toLowerCase() : value;
  }
  return out;
}

/** CloudStack's defaults for a health check policy (createLBHealthCheckPolicy). */
export const healthCheckDefaults = { pingPath: '/', responseTimeoutSeconds: 2, intervalSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 10 };

interface HealthCheckInput {
  pingpath?: string;
  responsetimeout?: number;
  intervaltime?: number;
  healthythreshold?: number;
  unhealthythreshold?: number;
}

/** A health check from createLBHealthCheckPolicy's parameters, with CloudStack's defaults and ranges. */
export function healthCheck(p: HealthCheckInput): HealthCheckSpec {
  const spec: HealthCheckSpec = {
    pingPath: p.pingpath ?? healthCheckDefaults.pingPath,
    responseTimeoutSeconds: p.responsetimeout ?? healthCheckDefaults.responseTimeoutSeconds,
    intervalSeconds: p.intervaltime ?? healthCheckDefaults.intervalSeconds,
    healthyThreshold: p.healthythreshold ?? healthCheckDefaults.healthyThreshold,
    unhealthyThreshold: p.unhealthythreshold ?? healthCheckDefaults.unhealthyThreshold,
  };
  if (!/^\/\S*$/.test(spec.pingPath)) throw errors.paramError(`Invalid pingpath ${spec.pingPath}: an HTTP path starting with / and without spaces`);
  const ranges: [keyof HealthCheckInput, number, number, number][] = [
    ['responsetimeout', spec.responseTimeoutSeconds, 2, 60],
    ['intervaltime', spec.intervalSeconds, 1, 20940],
    ['healthythreshold', spec.healthyThreshold, 1, 1000],
    ['unhealthythreshold', spec.unhealthyThreshold, 1, 1000],
  ];
  for (const [name, value, min, max] of ranges) {
    if (!Number.isInteger(value) || value < min || value > max) throw errors.paramError(`Invalid ${name} ${value}: it must be ${min}-${max}`);
  }
  if (spec.intervalSeconds <= spec.responseTimeoutSeconds) throw errors.paramError(`Invalid intervaltime ${spec.intervalSeconds}: it must be greater than responsetimeout (${spec.responseTimeoutSeconds})`);
  return spec;
}
