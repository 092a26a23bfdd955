import type { CommandOfKind } from '@nimbus/protocol';
import { checkIpv4, parseCidr } from '../router.ts';

// The router's own nftables table, generated whole from a network's rule set. Every address, CIDR and port is
// checked before it reaches the text, so a bad value is refused with a readable error instead of being spliced into
// the ruleset (or making nft fail with a parser message about line 17).

export type RuleSet = CommandOfKind<'ApplyNetworkRules'>;
type Firewall = RuleSet['firewall'][number];

/** The router's inner (guest) and outer (public) interfaces. */
export const guestIf = 'eth0';
export const publicIf = 'eth1';
export const tableName = 'nimbus';

/** `255.255.255.0` → 24; throws unless the mask is contiguous ones. */
export function netmaskLength(netmask: string): number {
  const bits = checkIpv4('netmask', netmask).split('.').map((o) => Number(o).toString(2).padStart(8, '0')).join('');
  if (!/^1*0*$/.test(bits)) throw new Error(`netmask '${netmask}' is not a contiguous mask like 255.255.255.0`);
  return bits.indexOf('0') === -1 ? 32 : bits.indexOf('0');
}

/** Throws unless both ports are valid and in order; returns nft's `a` or `a-b`. */
function portRange(what: string, [from, to]: readonly [number, number]): string {
  const ok = (p: number) => Number.isInteger(p) && p >= 1 && p <= 65535;
  if (!ok(from) || !ok(to) || from > to) throw new Error(`${what}: ports ${from}-${to} are not a range of ports 1-65535`);
  return from === to ? String(from) : `${from}-${to}`;
}

/** A CIDR with its host bits cleared (nft refuses `10.1.1.5/24` in a set); throws a readable error for a bad one. */
export function cidrNetwork(cidr: string): string {
  const { network, prefixLength } = parseCidr(cidr);
  const value = network.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const masked = prefixLength === 0 ? 0 : value - (value % 2 ** (32 - prefixLength));
  return `${[24, 16, 8, 0].map((shift) => Math.floor(masked / 2 ** shift) % 256).join('.')}/${prefixLength}`;
}

/** An address set match (`ip saddr { ... }`), or nothing when the list is empty or holds 0.0.0.0/0 (any). */
function cidrMatch(selector: string, what: string, cidrs: readonly string[] | undefined): string {
  const list = (cidrs ?? []).map((c) => (c.includes('/') ? cidrNetwork(c) : checkIpv4(what, c)));
  if (list.length === 0 || list.some((c) => c.endsWith('/0'))) return '';
  return `${selector} { ${list.join(', ')} } `;
}

/**
 * The protocol part of a firewall rule. Ingress rules name public ports, which DNAT may have changed by the time the
 * forward hook sees the packet: `ct original proto-dst` is the port the client asked for.
 */
function protocolMatch(rule: Firewall, ingress: boolean): string {
  if (rule.protocol === 'all') return '';
  if (rule.protocol === 'icmp') {
    const type = rule.icmpType ?? -1;
    const code = rule.icmpCode ?? -1;
    for (const [name, v] of [['type', type], ['code', code]] as const) {
      if (!Number.isInteger(v) || v < -1 || v > 255) throw new Error(`firewall rule ${rule.id}: icmp ${name} ${v} is not -1 (any) or 0-255`);
    }
    return `meta l4proto icmp ${type >= 0 ? `icmp type ${type} ` : ''}${code >= 0 ? `icmp code ${code} ` : ''}`;
  }
  if (!rule.ports) return `meta l4proto ${rule.protocol} `;
  const ports = portRange(`firewall rule ${rule.id}`, rule.ports);
  return ingress ? `meta l4proto ${rule.protocol} ct original proto-dst ${ports} ` : `${rule.protocol} dport ${ports} `;
}

/** The public address a rule set's outgoing traffic is translated to (and its default route follows). */
export function sourceNatIp(rules: RuleSet): RuleSet['publicIps'][number] | undefined {
  return rules.publicIps.find((p) => p.sourceNat) ?? rules.publicIps[0];
}

/** Throws what nft (or CloudStack) would refuse, before anything is changed. */
export function checkRuleSet(rules: RuleSet): void {
  const held = new Set(rules.publicIps.map((p) => checkIpv4('public address', p.ip)));
  for (const p of rules.publicIps) {
    if (p.gateway) checkIpv4(`gateway of ${p.ip}`, p.gateway);
    if (p.netmask) netmaskLength(p.netmask);
  }
  const taken = new Map<string, string>();
  for (const pf of rules.portForwards) {
    if (!held.has(pf.publicIp)) throw new Error(`port forward ${pf.id} uses ${pf.publicIp}, which network ${rules.networkId} does not hold`);
    checkIpv4(`port forward ${pf.id}'s guest address`, pf.guestIp);
    portRange(`port forward ${pf.id} (public)`, pf.publicPorts);
    portRange(`port forward ${pf.id} (private)`, pf.privatePorts);
    if (pf.publicPorts[1] - pf.publicPorts[0] !== pf.privatePorts[1] - pf.privatePorts[0]) {
      throw new Error(`port forward ${pf.id}: public ports ${pf.publicPorts.join('-')} and private ports ${pf.privatePorts.join('-')} are not ranges of equal length`);
    }
    for (let port = pf.publicPorts[0]; port <= pf.publicPorts[1]; port++) {
      const key = `${pf.publicIp}/${pf.protocol}/${port}`;
      const other = taken.get(key);
      if (other) throw new Error(`port forwards ${other} and ${pf.id} both catch ${pf.protocol} port ${port} of ${pf.publicIp}`);
      taken.set(key, pf.id);
    }
  }
  const nats = staticNats(rules);
  const natted = new Set(nats.map((n) => n.publicIp));
  for (const lb of rules.loadBalancers ?? []) {
    if (!held.has(lb.publicIp)) throw new Error(`load balancer rule ${lb.id} uses ${lb.publicIp}, which network ${rules.networkId} does not hold`);
    if (natted.has(lb.publicIp)) throw new Error(`load balancer rule ${lb.id} uses ${lb.publicIp}, whose traffic static NAT sends to a guest`);
    portRange(`load balancer rule ${lb.id}`, [lb.publicPort, lb.publicPort]);
    const pf = taken.get(`${lb.publicIp}/tcp/${lb.publicPort}`);
    if (pf) throw new Error(`load balancer rule ${lb.id} and port forward ${pf} both catch tcp port ${lb.publicPort} of ${lb.publicIp}`);
  }
  for (const nat of nats) {
    if (!held.has(nat.publicIp)) throw new Error(`static NAT of ${nat.publicIp} to ${nat.guestIp}: network ${rules.networkId} does not hold ${nat.publicIp}`);
    checkIpv4(`static NAT guest address of ${nat.publicIp}`, nat.guestIp);
  }
  for (const rule of [...rules.firewall, ...rules.egress]) {
    if (rule.publicIp) checkIpv4(`firewall rule ${rule.id}'s public address`, rule.publicIp);
    protocolMatch(rule, true);
    cidrMatch('ip saddr', `firewall rule ${rule.id}'s source`, rule.sourceCidrs);
    cidrMatch('ip daddr', `firewall rule ${rule.id}'s destination`, rule.destCidrs);
  }
  if (rules.guestCidr) parseCidr(rules.guestCidr);
}

/** Static NAT from both places the protocol carries it (the list and each address's `staticNatTo`), once each. */
function staticNats(rules: RuleSet): { publicIp: string; guestIp: string }[] {
  const byIp = new Map(rules.staticNats.map((n) => [n.publicIp, n.guestIp]));
  for (const p of rules.publicIps) if (p.staticNatTo && !byIp.has(p.ip)) byIp.set(p.ip, p.staticNatTo);
  return [...byIp].map(([publicIp, guestIp]) => ({ publicIp, guestIp }));
}

/** Whether an ingress firewall rule lets tcp traffic to `port` of its public address in. */
function opensTcpPort(rule: Firewall, port: number): boolean {
  if (rule.protocol === 'all') return true;
  if (rule.protocol !== 'tcp') return false;
  return !rule.ports || (rule.ports[0] <= port && port <= rule.ports[1]);
}

/**
 * Load balancers are served by the router itself (haproxy), so their traffic meets the input hook, not forward: the
 * ingress firewall opens a load balancer's port as it opens a port forward's.
 */
function loadBalancerInput(rules: RuleSet): string[] {
  return (rules.loadBalancers ?? []).flatMap((lb) =>
    rules.firewall
      .filter((r) => r.publicIp === lb.publicIp && opensTcpPort(r, lb.publicPort))
      .map((r) => `iifname "${publicIf}" ip daddr ${lb.publicIp} tcp dport ${lb.publicPort} ${cidrMatch('ip saddr', 'source', r.sourceCidrs)}accept`),
  );
}

/** A port forward's DNAT: ports kept, one port, or a map so that a shifted range still maps port for port. */
function dnatTarget(pf: RuleSet['portForwards'][number]): string {
  const [a, b] = pf.publicPorts;
  const [c] = pf.privatePorts;
  if (a === c) return pf.guestIp;
  if (a === b) return `${pf.guestIp}:${c}`;
  const pairs = Array.from({ length: b - a + 1 }, (_, i) => `${a + i} : ${c + i}`);
  return `${pf.guestIp} : ${pf.protocol} dport map { ${pairs.join(', ')} }`;
}

/**
 * One nft transaction that replaces the router's table: creating it first makes the delete valid when it does not
 * exist yet. With no public address the table is only deleted: the network stays private. `guestCidr` is the
 * network's CIDR (what source NAT translates).
 */
export function nftRuleset(rules: RuleSet, guestCidr: string): string {
  checkRuleSet(rules);
  const head = [`table ip ${tableName}`, `delete table ip ${tableName}`];
  const snat = sourceNatIp(rules);
  if (!snat) return `${head.join('\n')}\n`;
  const inGuest = `iifname "${guestIf}" oifname "${publicIf}"`;
  const fromPublic = `iifname "${publicIf}" oifname "${guestIf}"`;
  const nats = staticNats(rules);
  const prerouting = [
    ...rules.portForwards.map((pf) => `ip daddr ${pf.publicIp} ${pf.protocol} dport ${portRange(pf.id, pf.publicPorts)} dnat to ${dnatTarget(pf)}`),
    ...nats.map((n) => `ip daddr ${n.publicIp} dnat to ${n.guestIp}`),
  ];
  const postrouting = [
    ...nats.map((n) => `oifname "${publicIf}" ip saddr ${n.guestIp} snat to ${n.publicIp}`),
    `oifname "${publicIf}" ip saddr ${cidrNetwork(guestCidr)} snat to ${snat.ip}`,
    // Hairpin: a guest reaching a public address of its own network comes back through eth0; without taking the
    // gateway's address as source, the answer would go straight to the guest, which would drop it.
    `oifname "${guestIf}" ip saddr ${cidrNetwork(guestCidr)} ct status dnat masquerade`,
  ];
  // CloudStack's egress rules deny under a default-allow offering and allow under a default-deny one.
  const allowOut = rules.egressDefaultAllow ?? true;
  const egress = rules.egress.map(
    (r) => `${inGuest} ${cidrMatch('ip saddr', 'source', r.sourceCidrs)}${cidrMatch('ip daddr', 'destination', r.destCidrs)}${protocolMatch(r, false)}${allowOut ? 'drop' : 'accept'}`,
  );
  const ingress = rules.firewall
    .filter((r) => r.publicIp)
    .map((r) => `${fromPublic} ct original ip daddr ${r.publicIp} ${cidrMatch('ip saddr', 'source', r.sourceCidrs)}${protocolMatch(r, true)}accept`);
  const chain = (name: string, hook: string, lines: string[]) => [`  chain ${name} {`, `    ${hook}`, ...lines.map((l) => `    ${l.replace(/ +/g, ' ')}`), '  }'];
  return `${[
    ...head,
    `table ip ${tableName} {`,
    ...chain('prerouting', 'type nat hook prerouting priority dstnat; policy accept;', prerouting),
    ...chain('postrouting', 'type nat hook postrouting priority srcnat; policy accept;', postrouting),
    ...chain('forward', 'type filter hook forward priority filter; policy drop;', [
      'ct state established,related accept',
      ...egress,
      ...(allowOut ? [`${inGuest} accept`] : []),
      `iifname "${guestIf}" oifname "${guestIf}" ct status dnat accept`,
      ...ingress,
    ]),
    // dnsmasq (DHCP, DNS) and the metadata service (80, 8080) answer guests; only haproxy answers the public side.
    ...chain('input', 'type filter hook input priority filter; policy accept;', [
      'ct state established,related accept',
      'iifname "lo" accept',
      `iifname "${guestIf}" udp dport { 53, 67 } accept`,
      `iifname "${guestIf}" tcp dport { 53, 80, 8080 } accept`,
      'meta l4proto icmp accept',
      ...loadBalancerInput(rules),
      `iifname "${publicIf}" drop`,
    ]),
    '}',
  ].join('\n')}\n`;
}
