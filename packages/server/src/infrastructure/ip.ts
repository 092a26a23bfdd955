/** IPv4 arithmetic for pod and public IP ranges. */

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpv4(text: string): boolean {
  return IPV4.test(text);
}

export function ipToNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

export function numberToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** Whether a dotted netmask is contiguous ones then zeros (255.255.255.0 yes, 255.0.255.0 no). */
export function isNetmask(mask: string): boolean {
  if (!isIpv4(mask)) return false;
  const bits = ipToNumber(mask).toString(2).padStart(32, '0');
  return /^1*0*$/.test(bits);
}

export function prefixLength(mask: string): number {
  return ipToNumber(mask).toString(2).replace(/0/g, '').length;
}

/** The network address of `ip` under `mask`. */
export function networkOf(ip: string, mask: string): number {
  const m = ipToNumber(mask);
  const a = ipToNumber(ip);
  // Bitwise operators work on signed 32-bit integers; >>> 0 brings the result back to unsigned.
  return (a & m) >>> 0;
}

export function sameSubnet(a: string, b: string, mask: string): boolean {
  return networkOf(a, mask) === networkOf(b, mask);
}

/** `10.1.1.0/24` for gateway 10.1.1.1 and netmask 255.255.255.0. */
export function cidrOf(ip: string, mask: string): string {
  return `${numberToIp(networkOf(ip, mask))}/${prefixLength(mask)}`;
}

/** Whether two inclusive ranges [a1, a2] and [b1, b2] share an address. */
export function rangesOverlap(a1: string, a2: string, b1: string, b2: string): boolean {
  return ipToNumber(a1) <= ipToNumber(b2) && ipToNumber(b1) <= ipToNumber(a2);
}

/** Validates a CIDR such as 10.1.1.0/24. */
export function isCidr(text: string): boolean {
  const [ip, bits, ...rest] = text.split('/');
  return rest.length === 0 && isIpv4(ip) && /^\d+$/.test(bits ?? '') && Number(bits) <= 32;
}
