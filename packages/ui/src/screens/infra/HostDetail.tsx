import { Card, Space, Typography } from 'antd';
import { NoItem } from '../../components/NoItem.tsx';
import { FieldList } from '../../components/FieldList.tsx';
import { useServerList } from '../../components/useServerList.ts';
import { href } from '../../router.tsx';
import { HostCapacity } from './capacity.tsx';
import { StateTag } from './common.tsx';
import { HostActions } from './Hosts.tsx';

const fields: [string, string][] = [
  ['Hypervisor', 'hypervisor'],
  ['IP address', 'ipaddress'],
  ['Zone', 'zonename'],
  ['Pod', 'podname'],
  ['Cluster', 'clustername'],
  ['CPU cores', 'cpunumber'],
  ['CPU speed (MHz)', 'cpuspeed'],
  ['Host tags', 'hosttags'],
  ['Version', 'hypervisorversion'],
  ['Last connected', 'lastpinged'],
  ['Created', 'created'],
  ['ID', 'id'],
];

// One host (#/hosts/<id>): its state, details and capacity, with its actions.
export function HostDetail({ id, apis }: { id: string; apis: ReadonlySet<string> }) {
  const found = useServerList('listHosts', 'host', { id });
  const host = found.items[0];
  if (host === undefined) return <NoItem list={found} what="host" id={id} />;
  return (
    <>
      <a href={href('/hosts')}>All hosts</a>
      <Typography.Title level={2}>
        Host {String(host.name)} <StateTag state={host.state} />
        <StateTag state={host.resourcestate} />
      </Typography.Title>
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <HostActions apis={apis} host={host} onDone={found.reload} />
        <Card title="Capacity" style={{ maxWidth: 480 }}>
          <HostCapacity host={host} />
        </Card>
        <FieldList item={host} fields={fields} style={{ maxWidth: 720 }} />
      </Space>
    </>
  );
}
