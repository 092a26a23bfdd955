import { Tabs, Typography } from 'antd';
import { NoItem } from '../../components/NoItem.tsx';
import { FieldList } from '../../components/FieldList.tsx';
import { useChoices } from '../../components/ChoiceList.tsx';
import { href } from '../../router.tsx';
import { NetworkIps } from './NetworkIps.tsx';
import { PortRules } from './PortRules.tsx';

const fields: [string, string][] = [
  ['Name', 'name'],
  ['Display text', 'displaytext'],
  ['State', 'state'],
  ['Type', 'type'],
  ['CIDR', 'cidr'],
  ['Gateway', 'gateway'],
  ['Netmask', 'netmask'],
  ['Network offering', 'networkofferingname'],
  ['Zone', 'zonename'],
  ['Account', 'account'],
  ['Domain', 'domain'],
  ['ID', 'id'],
];

// One network (#/networks/<id>): its details, its public addresses, its egress rules.
export function NetworkDetail({ id, apis }: { id: string; apis: ReadonlySet<string> }) {
  const found = useChoices('listNetworks', 'network', { id, listall: true });
  const network = found.items[0];
  if (network === undefined) return <NoItem list={found} what="network" id={id} />;
  return (
    <>
      <a href={href('/networks')}>All networks</a>
      <Typography.Title level={2}>Network {String(network.name)}</Typography.Title>
      <Tabs
        items={[
          {
            key: 'details',
            label: 'Details',
            children: (
              <FieldList item={network} fields={fields} />
            ),
          },
          { key: 'ips', label: 'Public IP addresses', children: <NetworkIps network={network} apis={apis} /> },
          {
            key: 'egress',
            label: 'Egress rules',
            children: (
              <PortRules
                name="Egress"
                list={{ command: 'listEgressFirewallRules', params: { networkid: id, listall: true } }}
                create="createEgressFirewallRule"
                remove="deleteEgressFirewallRule"
                owner={{ networkid: id }}
                apis={apis}
              />
            ),
          },
        ]}
      />
    </>
  );
}
