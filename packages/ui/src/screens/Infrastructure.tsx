import { Tabs, Typography } from 'antd';
import { ListPage } from '../components/ListPage.tsx';

export function Infrastructure() {
  return (
    <>
      <Typography.Title level={2}>Infrastructure</Typography.Title>
      <Tabs
        items={[
          {
            key: 'zones',
            label: 'Zones',
            children: (
              <ListPage
                command="listZones"
                itemKey="zone"
                columns={[
                  { title: 'Name', dataIndex: 'name' },
                  { title: 'Network type', dataIndex: 'networktype' },
                  { title: 'Allocation state', dataIndex: 'allocationstate' },
                  { title: 'DNS', dataIndex: 'dns1' },
                ]}
              />
            ),
          },
          {
            key: 'hosts',
            label: 'Hosts',
            children: (
              <ListPage
                command="listHosts"
                itemKey="host"
                columns={[
                  { title: 'Name', dataIndex: 'name' },
                  { title: 'State', dataIndex: 'state' },
                  { title: 'Type', dataIndex: 'type' },
                  { title: 'IP address', dataIndex: 'ipaddress' },
                  { title: 'Hypervisor', dataIndex: 'hypervisor' },
                  { title: 'Zone', dataIndex: 'zonename' },
                ]}
              />
            ),
          },
        ]}
      />
    </>
  );
}
