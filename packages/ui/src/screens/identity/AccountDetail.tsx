import { Space, Tabs, Typography } from 'antd';
import { NoItem } from '../../components/NoItem.tsx';
import { useServerList } from '../../components/useServerList.ts';
import { href } from '../../router.tsx';
import { AccountActions } from './AccountActions.tsx';
import { AccountUsers } from './AccountUsers.tsx';
import { FieldList } from '../../components/FieldList.tsx';
import { ResourceLimits } from './ResourceLimits.tsx';
import { StateTag } from './StateTag.tsx';

const fields: [string, string][] = [
  ['Name', 'name'],
  ['Role', 'rolename'],
  ['Role type', 'roletype'],
  ['Domain', 'domainpath'],
  ['Network domain', 'networkdomain'],
  ['Created', 'created'],
  ['Instances', 'vmtotal'],
  ['ID', 'id'],
];

// One account (#/accounts/<id>): its details, its users, and what an admin does to it.
export function AccountDetail({ id, apis }: { id: string; apis: ReadonlySet<string> }) {
  const found = useServerList('listAccounts', 'account', { id, listall: true });
  const account = found.items[0];
  if (account === undefined) return <NoItem list={found} what="account" id={id} />;
  return (
    <>
      <a href={href('/accounts')}>All accounts</a>
      <Space align="center" style={{ display: 'flex' }}>
        <Typography.Title level={2}>Account {String(account.name)}</Typography.Title>
        <StateTag state={account.state} />
      </Space>
      <AccountActions account={account} apis={apis} onChanged={found.reload} />
      <Tabs
        items={[
          {
            key: 'details',
            label: 'Details',
            children: (
              <FieldList item={account} fields={fields} />
            ),
          },
          { key: 'users', label: 'Users', children: <AccountUsers account={account} apis={apis} /> },
          ...(apis.has('listResourceLimits')
            ? [{ key: 'limits', label: 'Resource limits', children: <ResourceLimits owner={{ account: String(account.name), domainid: String(account.domainid) }} apis={apis} /> }]
            : []),
        ]}
      />
    </>
  );
}
