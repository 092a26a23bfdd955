import { ListPage } from '../components/ListPage.tsx';

export function PublicIps() {
  return (
    <ListPage
      title="Public IPs"
      command="listPublicIpAddresses"
      params={{ listall: true }}
      itemKey="publicipaddress"
      columns={[
        { title: 'IP address', dataIndex: 'ipaddress' },
        { title: 'State', dataIndex: 'state' },
        { title: 'Source NAT', dataIndex: 'issourcenat', render: (value: boolean) => (value ? 'Yes' : 'No') },
        { title: 'Network', dataIndex: 'associatednetworkname' },
        { title: 'Instance', dataIndex: 'virtualmachinename' },
        { title: 'Zone', dataIndex: 'zonename' },
      ]}
    />
  );
}
