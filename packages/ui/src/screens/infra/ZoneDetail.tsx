import { Alert, Card, Space, Spin, Tabs, Typography } from 'antd';
import { NoItem } from '../../components/NoItem.tsx';
import { FieldList } from '../../components/FieldList.tsx';
import { useChoices } from '../../components/ChoiceList.tsx';
import { useServerList } from '../../components/useServerList.ts';
import { href } from '../../router.tsx';
import { CapacityBars } from './capacity.tsx';
import { Clusters } from './Clusters.tsx';
import { AllocationButton, StateTag } from './common.tsx';
import { Hosts } from './Hosts.tsx';
import { Pods } from './Pods.tsx';

const fields: [string, string][] = [
  ['Network type', 'networktype'],
  ['DNS 1', 'dns1'],
  ['Internal DNS 1', 'internaldns1'],
  ['Guest CIDR', 'guestcidraddress'],
  ['ID', 'id'],
];

// One zone (#/zones/<id>): its capacity (listCapacity) as bars, its details, and its pods, clusters and hosts.
export function ZoneDetail({ id, apis }: { id: string; apis: ReadonlySet<string> }) {
  const found = useServerList('listZones', 'zone', { id });
  const capacity = useChoices('listCapacity', 'capacity', { zoneid: id });
  const zone = found.items[0];
  if (zone === undefined) return <NoItem list={found} what="zone" id={id} />;
  return (
    <>
      <a href={href('/zones')}>All zones</a>
      <Typography.Title level={2}>
        Zone {String(zone.name)} <StateTag state={zone.allocationstate} />
      </Typography.Title>
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        {apis.has('updateZone') && <AllocationButton what="Zone" item={zone} command="updateZone" onDone={found.reload} />}
        <Card title="Capacity">
          {capacity.error !== undefined && <Alert type="error" showIcon message={capacity.error} />}
          {capacity.loading ? <Spin /> : <CapacityBars capacity={capacity.items} />}
        </Card>
        <FieldList item={zone} fields={fields} column={2} />
        <Tabs
          items={[
            { key: 'pods', label: 'Pods', children: <Pods apis={apis} zoneid={id} /> },
            { key: 'clusters', label: 'Clusters', children: <Clusters apis={apis} zoneid={id} /> },
            { key: 'hosts', label: 'Hosts', children: <Hosts apis={apis} zoneid={id} /> },
          ]}
        />
      </Space>
    </>
  );
}
