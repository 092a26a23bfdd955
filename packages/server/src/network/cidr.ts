/** IPv4 arithmetic for guest networks: addresses as unsigned 32-bit numbers. */

export interface Ipv4Net {
  /** The network address. */
  base: number;
  prefix: number;
}

export function parseIp(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

export function formatIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function netmaskOf(prefix: number): string {
  return formatIp(maskOf(prefix));
}

/** The prefix length of a dotted netmask, or undefined when its bits are not contiguous. */
export function prefixOf(netmask: string): number | undefined {
  const n = parseIp(netmask);
  if (n === undefined) return undefined;
  for (let p = 0; p <= 32; p++) if (maskOf(p) === n) return p;
  return undefined;
}

export function parseCidr(text: string): Ipv4Net | undefined {
  const [ip, len, extra] = text.trim().split('/');
  if (extra !== undefined || len === undefined || !/^\d{1,2}$/.test(len)) return undefined;
  const addr = parseIp(ip);
  const prefix = Number(len);
  if (addr === undefined || prefix > 32) return undefined;
  return { base: (addr & maskOf(prefix)) >>> 0, prefix };
}

export function formatCidr(net: Ipv4Net): string {
  return `${formatIp(net.base)}/${net.prefix}`;
}

/** The network a gateway and netmask describe (CloudStack's createNetwork `gateway` + `netmask`). */
export function netFromGateway(gateway: number, prefix: number): Ipv4Net {
  return { base: (gateway & maskOf(prefix)) >>> 0, prefix };
}

export function contains(net: Ipv4Net, ip: number): boolean {
  return ((ip & maskOf(net.prefix)) >>> 0) === net.base;
}

/** Addresses a host may hold: neither the network nor the broadcast address (all of a /31 or /32). */
export function hostRange(net: Ipv4Net): { first: number; last: number } {
  const size = 2 ** (32 - net.prefix);
  if (size <= 2) return { first: net.base, last: net.base + size - 1 };
  return { first: net.base + 1, last: net.base + size - 2 };
}
