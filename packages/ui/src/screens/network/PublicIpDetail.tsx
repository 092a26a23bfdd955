import { Space, Tabs, Typography } from 'antd';
import { NoItem } from '../../components/NoItem.tsx';
import { FieldList } from '../../components/FieldList.tsx';
import { useState } from 'react';
import { useChoices } from '../../components/ChoiceList.tsx';
import { href } from '../../router.tsx';
import { LoadBalancing } from './LoadBalancing.tsx';
import { PortForwarding } from './PortForwarding.tsx';
import { PortRules } from './PortRules.tsx';
import { StaticNat } from './StaticNat.tsx';

const fields: [string, string][] = [
  ['IP address', 'ipaddress'],
  ['State', 'state'],
  ['Source NAT', 'issourcenat'],
  ['Static NAT', 'isstaticnat'],
  ['Static NAT instance', 'virtualmachinename'],
  ['Network', 'associatednetworkname'],
  ['Zone', 'zonename'],
  ['Account', 'account'],
  ['ID', 'id'],
];

// One public IP (#/publicips/<id>): details with static NAT, and its firewall, port forwarding and load balancing.
export function PublicIpDetail({ id, apis }: { id: string; apis: ReadonlySet<string> }) {
  // A new key refetches the address after static NAT changed it.
  const [version, setVersion] = useState(0);
  return <IpPage key={version} id={id} apis={apis} onChanged={() => setVersion((v) => v + 1)} />;
}

function IpPage({ id, apis, onChanged }: { id: string; apis: ReadonlySet<string>; onChanged: () => void }) {
  const found = useChoices('listPublicIpAddresses', 'publicipaddress', { id, listall: true });
  const ip = found.items[0];
  if (ip === undefined) return <NoItem list={found} what="public IP address" id={id} />;
  return (
    <>
      <Space>
        <a href={href('/publicips')}>All public IPs</a>
        {ip.associatednetworkid !== undefined && <a href={href(`/networks/${ip.associatednetworkid}`)}>Network {String(ip.associatednetworkname)}</a>}
      </Space>
      <Typography.Title level={2}>Public IP {String(ip.ipaddress)}</Typography.Title>
      <Tabs
        items={[
          {
            key: 'details',
            label: 'Details',
            children: (
              <Space direction="vertical" size="middle">
                <FieldList item={ip} fields={fields} />
                <StaticNat ip={ip} apis={apis} onChanged={onChanged} />
              </Space>
            ),
          },
          {
            key: 'firewall',
            label: 'Firewall',
            children: (
              <PortRules
                name="Firewall"
                list={{ command: 'listFirewallRules', params: { ipaddressid: id, listall: true } }}
                create="createFirewallRule"
                remove="deleteFirewallRule"
                owner={{ ipaddressid: id }}
                apis={apis}
              />
            ),
          },
          { key: 'portforwarding', label: 'Port forwarding', children: <PortForwarding ip={ip} apis={apis} /> },
          { key: 'loadbalancing', label: 'Load balancing', children: <LoadBalancing ip={ip} apis={apis} /> },
        ]}
      />
    </>
  );
}
