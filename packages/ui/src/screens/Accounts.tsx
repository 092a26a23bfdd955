import { ListPage } from '../components/ListPage.tsx';

const accountTypes: Record<string, string> = { '0': 'User', '1': 'Root admin', '2': 'Domain admin' };

export function Accounts() {
  return (
    <ListPage
      title="Accounts"
      command="listAccounts"
      itemKey="account"
      columns={[
        { title: 'Name', dataIndex: 'name' },
        { title: 'Role', key: 'role', render: (_, a) => String(a.rolename ?? accountTypes[String(a.accounttype)] ?? '') },
        { title: 'Domain', dataIndex: 'domain' },
        { title: 'State', dataIndex: 'state' },
        { title: 'Instances', dataIndex: 'vmtotal' },
      ]}
    />
  );
}
