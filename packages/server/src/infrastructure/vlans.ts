import { errors } from '../kernel/errors.ts';

/** Parses guest VLAN ranges as CloudStack takes them (`100-200`, `100-200,300,400-410`) into [from, to] pairs. */
export function parseVlanRanges(command: string, text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const part of text.split(',').map((s) => s.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    const from = Number(m?.[1]);
    const to = Number(m?.[2] ?? m?.[1]);
    if (!m || from < 0 || to > 4095 || from > to) {
      throw errors.invalidParam(command, 'vlan', text, 'expected VLAN ranges such as 100-200,300 within 0-4095');
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

/** How many guest VLANs a physical network's ranges hold. */
export function vlanCount(text: string | null): number {
  if (!text) return 0;
  return parseVlanRanges('listCapacity', text).reduce((n, [from, to]) => n + to - from + 1, 0);
}

/** `vlan://100` for a tag, `vlan://untagged` for none, as CloudStack stores a public range's VLAN. */
export function vlanUri(vlan: string | undefined): string {
  if (!vlan || /^untagged$/i.test(vlan) || vlan === 'vlan://untagged') return 'vlan://untagged';
  const tag = vlan.replace(/^vlan:\/\//, '');
  if (!/^\d+$/.test(tag) || Number(tag) > 4095) throw errors.invalidParam('createVlanIpRange', 'vlan', vlan, 'expected a VLAN id 0-4095 or untagged');
  return `vlan://${tag}`;
}
