import { Button, Space } from 'antd';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { VmSelect, useNetworkVms } from './VmSelect.tsx';

// Static NAT of a public IP: one instance of its network takes all of the address's traffic, or none does.
export function StaticNat({ ip, apis, onChanged }: { ip: ApiObject; apis: ReadonlySet<string>; onChanged: () => void }) {
  const vms = useNetworkVms(String(ip.associatednetworkid));
  const [vm, setVm] = useState<string>();
  const runJob = useJobRunner();

  async function enable() {
    const done = await runJob(`Enable static NAT on ${ip.ipaddress}`, 'enableStaticNat', { ipaddressid: ip.id, virtualmachineid: vm }, () => `Static NAT enabled on ${ip.ipaddress}`);
    if (done !== undefined) onChanged();
  }
  async function disable() {
    const done = await runJob(`Disable static NAT on ${ip.ipaddress}`, 'disableStaticNat', { ipaddressid: ip.id }, () => `Static NAT disabled on ${ip.ipaddress}`);
    if (done !== undefined) onChanged();
  }

  if (ip.isstaticnat) {
    return apis.has('disableStaticNat') ? <Button onClick={() => void disable()}>Disable static NAT</Button> : null;
  }
  if (ip.issourcenat || !apis.has('enableStaticNat')) return null;
  return (
    <Space>
      <label htmlFor="static-nat-vm">Instance</label>
      <VmSelect id="static-nat-vm" vms={vms} value={vm} onChange={(v) => setVm(v as string)} />
      <Button disabled={vm === undefined} onClick={() => void enable()}>
        Enable static NAT
      </Button>
    </Space>
  );
}
