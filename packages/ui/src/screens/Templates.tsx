import { ListPage } from '../components/ListPage.tsx';

export function Templates() {
  return (
    <ListPage
      title="Templates"
      command="listTemplates"
      // What the caller may deploy from: its own and the public templates.
      params={{ templatefilter: 'executable' }}
      itemKey="template"
      columns={[
        { title: 'Name', dataIndex: 'name' },
        { title: 'OS type', dataIndex: 'ostypename' },
        { title: 'Hypervisor', dataIndex: 'hypervisor' },
        { title: 'Format', dataIndex: 'format' },
        { title: 'Zone', dataIndex: 'zonename' },
        { title: 'Ready', dataIndex: 'isready', render: (value: boolean) => (value ? 'Yes' : 'No') },
      ]}
    />
  );
}
