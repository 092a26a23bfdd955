import { ListPage } from '../../components/ListPage.tsx';

// The VM's NICs, volumes and events: read-only, server-paged tables of their list commands.
export function InstanceNics({ vmId }: { vmId: string }) {
  return (
    <ListPage
      command="listNics"
      itemKey="nic"
      params={{ virtualmachineid: vmId }}
      columns={[
        { title: 'Network', key: 'network', render: (_, nic) => String(nic.networkname ?? nic.networkid ?? '') },
        { title: 'IP address', dataIndex: 'ipaddress' },
        { title: 'Netmask', dataIndex: 'netmask' },
        { title: 'Gateway', dataIndex: 'gateway' },
        { title: 'MAC address', dataIndex: 'macaddress' },
        { title: 'Type', dataIndex: 'type' },
        { title: 'Default', dataIndex: 'isdefault', render: (value: boolean) => (value ? 'Yes' : 'No') },
      ]}
    />
  );
}

export function InstanceVolumes({ vmId }: { vmId: string }) {
  return (
    <ListPage
      command="listVolumes"
      itemKey="volume"
      params={{ virtualmachineid: vmId, listall: true }}
      columns={[
        { title: 'Name', dataIndex: 'name' },
        { title: 'Type', dataIndex: 'type' },
        { title: 'Size', dataIndex: 'size', render: (size: number) => (size === undefined ? '' : `${(size / 2 ** 30).toFixed(1)} GiB`) },
        { title: 'State', dataIndex: 'state' },
        { title: 'Storage', dataIndex: 'storage' },
      ]}
    />
  );
}

export function InstanceEvents({ vmId }: { vmId: string }) {
  return (
    <ListPage
      command="listEvents"
      itemKey="event"
      params={{ resourceid: vmId, listall: true }}
      columns={[
        { title: 'Type', dataIndex: 'type' },
        { title: 'Level', dataIndex: 'level' },
        { title: 'State', dataIndex: 'state' },
        { title: 'Description', dataIndex: 'description' },
        { title: 'User', dataIndex: 'username' },
        { title: 'Created', dataIndex: 'created', render: (created: string) => (created ? new Date(created).toLocaleString() : '') },
      ]}
    />
  );
}
