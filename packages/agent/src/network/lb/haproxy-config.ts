import type { LoadBalancerSpec } from '@nimbus/protocol';
import { checkIpv4 } from '../router.ts';
import { cidrNetwork } from '../nat/ruleset.ts';

// A router's haproxy.cfg, generated whole from a network's load balancer rules. Every value is checked before it
// reaches the text (haproxy's parser splits on spaces, takes `#` as a comment and expands quotes), so a bad value is
// refused with an error naming its rule instead of becoming a different configuration.

type Stickiness = NonNullable<LoadBalancerSpec['stickiness']>;

/** Throws an error naming the rule unless `value` matches `re`; returns it. */
function checked(rule: LoadBalancerSpec, what: string, value: string, re: RegExp, shape: string): string {
  if (!re.test(value)) throw new Error(`load balancer rule ${rule.id}: ${what} '${value}' is not ${shape}`);
  return value;
}

function port(rule: LoadBalancerSpec, what: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`load balancer rule ${rule.id}: ${what} ${value} is not a port 1-65535`);
  return value;
}

function positive(rule: LoadBalancerSpec, what: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`load balancer rule ${rule.id}: ${what} ${value} is not a whole number of at least 1`);
  return value;
}

const inRule = (rule: LoadBalancerSpec, what: string, ip: string) => {
  try {
    return checkIpv4(what, ip);
  } catch (err) {
    throw new Error(`load balancer rule ${rule.id}: ${(err as Error).message}`, { cause: err });
  }
};

// An RFC 6265 token without the characters haproxy's parser gives a meaning to.
const cookieName = /^[A-Za-z0-9_.!*+^`|~-]{1,64}$/;
const duration = /^\d{1,9}[smhd]$/;
const tableSize = /^\d{1,9}[kmg]?$/;
const domain = /^\.?[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})*$/;
// An absolute path with query; no space, quote, backslash, `#` or `$` (haproxy's separators, quotes, comments, variables).
const pingPath = /^\/[A-Za-z0-9._~!&()*+,;=:@%/?-]*$/;
const ruleId = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Reads stickiness parameters, refusing names the method does not know (a typo would otherwise be ignored). */
function params(rule: LoadBalancerSpec, s: Stickiness, known: string[]): (name: string) => string | undefined {
  for (const name of Object.keys(s.params)) {
    if (!known.includes(name)) throw new Error(`load balancer rule ${rule.id}: ${s.method} stickiness has no parameter '${name}' (known: ${known.join(', ')})`);
  }
  return (name) => s.params[name];
}

/** A flag parameter (`nocache`, `indirect`...): set unless given as false. */
const flag = (value: string | undefined) => value !== undefined && value.toLowerCase() !== 'false';

/** The lines stickiness adds to a rule's section, and whether it needs HTTP mode. */
function stickinessLines(rule: LoadBalancerSpec, name: string): { http: boolean; lines: string[] } {
  const s = rule.stickiness;
  if (!s) return { http: false, lines: [] };
  if (s.method === 'SourceBased') {
    const p = params(rule, s, ['tablesize', 'expire']);
    const size = checked(rule, 'stickiness tablesize', p('tablesize') ?? '200k', tableSize, 'a size like 200k');
    const expire = checked(rule, 'stickiness expire', p('expire') ?? '3h', duration, 'a duration like 30m (s, m, h or d)');
    return { http: false, lines: [`stick-table type ip size ${size} expire ${expire}`, 'stick on src'] };
  }
  if (s.method === 'LbCookie') {
    const p = params(rule, s, ['cookie-name', 'mode', 'nocache', 'indirect', 'postonly', 'domain']);
    const cookie = checked(rule, 'stickiness cookie-name', p('cookie-name') ?? `lb-${name}`, cookieName, 'a cookie name');
    const mode = checked(rule, 'stickiness mode', p('mode') ?? 'insert', /^(insert|rewrite|prefix)$/, 'insert, rewrite or prefix');
    const options = ['nocache', 'indirect', 'postonly'].filter((o) => flag(p(o)));
    const dom = p('domain');
    if (dom !== undefined) options.push(`domain ${checked(rule, 'stickiness domain', dom, domain, 'a domain name')}`);
    return { http: true, lines: [['cookie', cookie, mode, ...options].join(' ')] };
  }
  // AppCookie: haproxy 2.6 has no appsession; a string stick table learns the application's cookie from responses
  // (and from requests with request-learn) and matches it in the cookie or, where the application puts it, the URL.
  const p = params(rule, s, ['cookie-name', 'length', 'holdtime', 'request-learn', 'mode', 'prefix']);
  if (p('prefix') !== undefined) throw new Error(`load balancer rule ${rule.id}: AppCookie stickiness with 'prefix' has no haproxy 2.6 equivalent`);
  const cookie = checked(rule, 'stickiness cookie-name', p('cookie-name') ?? `lb-${name}`, cookieName, 'a cookie name');
  const length = checked(rule, 'stickiness length', p('length') ?? '52', /^[1-9]\d{0,3}$/, 'a length 1-9999');
  const holdtime = checked(rule, 'stickiness holdtime', p('holdtime') ?? '3h', duration, 'a duration like 30m (s, m, h or d)');
  const urlMode = checked(rule, 'stickiness mode', p('mode') ?? 'path-parameters', /^(path-parameters|query-string)$/, 'path-parameters or query-string');
  const inUrl = urlMode === 'query-string' ? `urlp(${cookie})` : `urlp(${cookie},;)`;
  return {
    http: true,
    lines: [
      `stick-table type string len ${length} size 200k expire ${holdtime}`,
      `stick store-response res.cook(${cookie})`,
      ...(flag(p('request-learn')) ? [`stick store-request req.cook(${cookie})`] : []),
      `stick match req.cook(${cookie})`,
      `stick match ${inUrl}`,
    ],
  };
}

/** `ip saddr`-style list for an ACL, or undefined when any source may connect. */
function sources(rule: LoadBalancerSpec): string | undefined {
  const list = rule.sourceCidrs.map((c) => {
    try {
      return c.includes('/') ? cidrNetwork(c) : checkIpv4('source', c);
    } catch (err) {
      throw new Error(`load balancer rule ${rule.id}: ${(err as Error).message}`, { cause: err });
    }
  });
  return list.length === 0 || list.some((c) => c.endsWith('/0')) ? undefined : list.join(' ');
}

/** Server names: the start of the VM id, numbered when a VM is a member twice (two of its addresses). */
function serverNames(rule: LoadBalancerSpec): string[] {
  const seen = new Map<string, number>();
  return rule.members.map((m) => {
    const base = checked(rule, 'member VM id', m.vmId, /^[A-Za-z0-9_.:-]+$/, 'an id').slice(0, 8);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}

/** One rule's `listen` section. */
function section(rule: LoadBalancerSpec): string[] {
  const name = checked(rule, 'id', rule.id, ruleId, 'an id of letters, digits, _ . : -');
  const ip = inRule(rule, 'public address', rule.publicIp);
  const privatePort = port(rule, 'private port', rule.privatePort);
  const sticky = stickinessLines(rule, name);
  const lines = [`bind ${ip}:${port(rule, 'public port', rule.publicPort)}`, `mode ${sticky.http ? 'http' : 'tcp'}`, `balance ${rule.algorithm}`];
  const allowed = sources(rule);
  if (rule.members.length === 0) lines.push('tcp-request connection reject');
  else if (allowed) lines.push(`tcp-request connection reject unless { src ${allowed} }`);
  lines.push(...sticky.lines);
  const hc = rule.healthCheck;
  let check = '';
  if (hc) {
    const path = checked(rule, 'health check ping path', hc.pingPath, pingPath, 'an absolute URL path like /health');
    lines.push(`option httpchk GET ${path}`, `timeout check ${positive(rule, 'health check response timeout', hc.responseTimeoutSeconds)}s`);
    const inter = positive(rule, 'health check interval', hc.intervalSeconds);
    check = ` check inter ${inter}s fall ${positive(rule, 'unhealthy threshold', hc.unhealthyThreshold)} rise ${positive(rule, 'healthy threshold', hc.healthyThreshold)}`;
  }
  const proxy = rule.protocol === 'tcp-proxy' ? ' send-proxy' : '';
  const names = serverNames(rule);
  rule.members.forEach((m, i) => {
    const cookie = rule.stickiness?.method === 'LbCookie' ? ` cookie ${names[i]}` : '';
    lines.push(`server ${names[i]} ${inRule(rule, `member ${m.vmId}'s address`, m.ip)}:${privatePort}${check}${proxy}${cookie}`);
  });
  return [`listen lb-${name}`, ...lines.map((l) => `    ${l}`)];
}

/** Throws what haproxy would refuse or misread, naming the rule: bad values, and two rules on one address and port. */
export function checkLoadBalancers(rules: readonly LoadBalancerSpec[]): void {
  // Generating the text is the check: every value is validated on its way in.
  haproxyConfig(rules, '/');
}

/** haproxy.cfg for `rules`, its admin socket at `statsSocket` (which also hands the listeners to a reloaded haproxy). */
export function haproxyConfig(rules: readonly LoadBalancerSpec[], statsSocket: string): string {
  const bound = new Map<string, string>();
  const ids = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id)) throw new Error(`load balancer rule ${rule.id} is listed twice`);
    ids.add(rule.id);
    const key = `${rule.publicIp}:${rule.publicPort}`;
    const other = bound.get(key);
    if (other) throw new Error(`load balancer rules ${other} and ${rule.id} both listen on ${key}`);
    bound.set(key, rule.id);
  }
  if (!/^\/[^\s#'"\\$]*$/.test(statsSocket)) throw new Error(`the haproxy stats socket path '${statsSocket}' is not a plain absolute path`);
  return `${[
    'global',
    // It faces the public side: privileges go once the ports are bound and the socket made (a reload starts as root).
    '    user nobody',
    '    group nogroup',
    '    maxconn 4096',
    `    stats socket ${statsSocket} mode 600 level admin expose-fd listeners`,
    '',
    'defaults',
    '    mode tcp',
    '    retries 3',
    '    option redispatch',
    '    option dontlognull',
    '    timeout connect 5s',
    '    timeout client 50s',
    '    timeout server 50s',
    ...rules.flatMap((r) => ['', ...section(r)]),
  ].join('\n')}\n`;
}
