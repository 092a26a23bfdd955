import { errors } from '../kernel/errors.ts';

/** The highest 802.1Q VLAN id. */
export const MAX_VLAN_ID = 4095;
/** The highest VXLAN id a physical network's range may hold (CloudStack's limit: 2^24 - 2). */
export const MAX_VXLAN_ID = 16_777_214;

/** How a physical network isolates its guest networks: VXLAN when it names VXLAN before VLAN, else 802.1Q VLANs. */
export function guestIsolation(isolationMethods: string): 'vlan' | 'vxlan' {
  const methods = isolationMethods.toUpperCase().split(',').map((m) => m.trim());
  const vxlan = methods.indexOf('VXLAN');
  const vlan = methods.indexOf('VLAN');
  return vxlan >= 0 && (vlan < 0 || vxlan < vlan) ? 'vxlan' : 'vlan';
}

/**
 * Parses guest VLAN ranges as CloudStack takes them (`100-200`, `100-200,300,400-410`) into [from, to] pairs; `max`
 * is the highest id the isolation method allows (4095 for VLANs, 16777214 for VXLAN ids).
 */
export function parseVlanRanges(command: string, text: string, max = MAX_VLAN_ID): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const part of text.split(',').map((s) => s.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    const from = Number(m?.[1]);
    const to = Number(m?.[2] ?? m?.[1]);
    if (!m || from < 0 || to > max || from > to) {
      throw errors.invalidParam(command, 'vlan', text, `expected VLAN ranges such as 100-200,300 within 0-${max}`);
    }
    out.push([from, to]);
  }
  for (let i = 0; i < out.length; i++) {
    for (let j = i + 1; j < out.length; j++) {
      if (out[i][0] <= out[j][1] && out[j][0] <= out[i][1]) throw errors.invalidParam(command, 'vlan', text, 'VLAN ranges overlap');
    }
  }
  return out;
}

/** How many guest VLANs a physical network's ranges hold (checked when they were set: any id up to a VXLAN's is fine). */
export function vlanCount(text: string | null): number {
  if (!text) return 0;
  return parseVlanRanges('listCapacity', text, MAX_VXLAN_ID).reduce((n, [from, to]) => n + to - from + 1, 0);
}

/** `vlan://100` for a tag, `vlan://untagged` for none, as CloudStack stores a public range's VLAN. */
export function vlanUri(vlan: string | undefined): string {
  if (!vlan || /^untagged$/i.test(vlan) || vlan === 'vlan://untagged') return 'vlan://untagged';
  const tag = vlan.replace(/^vlan:\/\//, '');
  if (!/^\d+$/.test(tag) || Number(tag) > 4095) throw errors.invalidParam('createVlanIpRange', 'vlan', vlan, 'expected a VLAN id 0-4095 or untagged');
  return `vlan://${tag}`;
}
