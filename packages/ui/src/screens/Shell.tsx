import { Button, Layout, Menu, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { navGroups, type NavItem } from '../nav.ts';
import { navigate } from '../router.tsx';

export interface ShellProps {
  username: string;
  items: NavItem[];
  path: string;
  onLogout: () => void;
  children: ReactNode;
}

function selectedKey(items: NavItem[], path: string): string {
  const match = items.filter((item) => item.path !== '/' && path.startsWith(item.path));
  return match[0]?.path ?? '/';
}

// Ungrouped items first, then each group that has an item for this role, under its title.
function menuItems(items: NavItem[]) {
  const entry = (item: NavItem) => ({ key: item.path, label: item.label });
  const groups = navGroups
    .map((group) => ({ group, members: items.filter((item) => item.group === group) }))
    .filter(({ members }) => members.length > 0)
    .map(({ group, members }) => ({ type: 'group' as const, key: `group:${group}`, label: group, children: members.map(entry) }));
  return [...items.filter((item) => item.group === undefined).map(entry), ...groups];
}

export function Shell({ username, items, path, onLogout, children }: ShellProps) {
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {/* The menu keeps its place and scrolls on its own: an admin's is taller than a screen. */}
      <Layout.Sider theme="light" breakpoint="lg" collapsedWidth={0} style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}>
        <Typography.Title level={4} style={{ padding: '16px 24px', margin: 0 }}>
          Nimbus
        </Typography.Title>
        <Menu
          mode="inline"
          selectedKeys={[selectedKey(items, path)]}
          items={menuItems(items)}
          onClick={({ key }) => navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end', alignItems: 'center' }}>
          <Space>
            <Typography.Text strong>{username}</Typography.Text>
            <Button onClick={onLogout}>Log out</Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
