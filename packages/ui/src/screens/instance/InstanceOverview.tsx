import { Descriptions } from 'antd';
import type { ApiObject } from '../../api/client.ts';

function addresses(vm: ApiObject): string {
  const nics = (vm.nic ?? []) as ApiObject[];
  return nics.map((nic) => [nic.ipaddress, nic.ip6address].filter(Boolean).join(', ')).filter(Boolean).join('; ');
}

function keyPairs(vm: ApiObject): string {
  const pairs = vm.keypairs ?? vm.keypair;
  if (Array.isArray(pairs)) return pairs.map((pair: ApiObject) => String(pair.name ?? pair)).join(', ');
  return String(pairs ?? '');
}

// What listVirtualMachines says of the VM; the host only where the caller's role is given it (admins).
export function InstanceOverview({ vm }: { vm: ApiObject }) {
  const rows: [string, string][] = [
    ['State', String(vm.state)],
    ['Zone', String(vm.zonename ?? '')],
    ...(vm.hostname !== undefined ? ([['Host', String(vm.hostname)]] as [string, string][]) : []),
    ['Template', String(vm.templatename ?? '')],
    ['Offering', String(vm.serviceofferingname ?? '')],
    ['CPU', `${vm.cpunumber ?? '?'} × ${vm.cpuspeed ?? '?'} MHz`],
    ['Memory', `${vm.memory ?? '?'} MiB`],
    ['Created', vm.created === undefined ? '' : new Date(String(vm.created)).toLocaleString()],
    ['IP addresses', addresses(vm)],
    ['SSH key pair', keyPairs(vm)],
    ['Group', String(vm.group ?? '')],
    ['ISO', String(vm.isoname ?? '')],
  ];
  return (
    <Descriptions bordered size="small" column={2}>
      {rows.map(([label, value]) => (
        <Descriptions.Item key={label} label={label}>
          {value}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
