import { ListPage } from '../components/ListPage.tsx';

export function Networks() {
  return (
    <ListPage
      title="Networks"
      command="listNetworks"
      params={{ listall: true }}
      itemKey="network"
      columns={[
        { title: 'Name', dataIndex: 'name' },
        { title: 'State', dataIndex: 'state' },
        { title: 'Type', dataIndex: 'type' },
        { title: 'CIDR', dataIndex: 'cidr' },
        { title: 'Zone', dataIndex: 'zonename' },
        { title: 'Account', dataIndex: 'account' },
      ]}
    />
  );
}
