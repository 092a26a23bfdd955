import { Alert, Card, Col, Row, Spin, Tree, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/api.ts';
import type { ApiObject } from '../../api/client.ts';
import { DomainActions } from './DomainActions.tsx';
import { FieldList } from '../../components/FieldList.tsx';
import { ResourceLimits } from './ResourceLimits.tsx';
import { domainNode, updateNode, withChildren, type DomainNode } from './domainTree.ts';

const fields: [string, string][] = [
  ['Name', 'name'],
  ['Path', 'path'],
  ['Level', 'level'],
  ['Parent domain', 'parentdomainname'],
  ['Network domain', 'networkdomain'],
  ['State', 'state'],
  ['Created', 'created'],
  ['ID', 'id'],
];

// The domain tree from the admin's own domain down, each level loaded when opened (listDomainChildren), and the
// selected domain's details and actions.
export function Domains({ apis }: { apis: ReadonlySet<string> }) {
  const [tree, setTree] = useState<DomainNode[]>([]);
  const [domains, setDomains] = useState(new Map<string, ApiObject>());
  const [expanded, setExpanded] = useState<string[]>([]);
  const [selected, setSelected] = useState<string>();
  const [error, setError] = useState<string>();

  const remember = useCallback((found: ApiObject[]) => setDomains((known) => new Map([...known, ...found.map((d): [string, ApiObject] => [String(d.id), d])])), []);

  useEffect(() => {
    api
      .call('listDomains')
      .then((answer) => {
        const top = (answer.domain ?? []) as ApiObject[];
        remember(top);
        setTree(top.map(domainNode));
        setSelected(top[0] === undefined ? undefined : String(top[0].id));
      })
      .catch((err: Error) => setError(err.message));
  }, [remember]);

  const loadChildren = useCallback(
    async (id: string) => {
      try {
        const children = ((await api.call('listDomainChildren', { id })).domain ?? []) as ApiObject[];
        remember(children);
        setTree((nodes) => withChildren(nodes, id, children));
      } catch (err) {
        setError((err as Error).message);
      }
    },
    [remember],
  );

  // After a change: the domain itself listed again (its name, whether it has children) and its children.
  async function refresh(id: string) {
    try {
      const [domain] = ((await api.call('listDomains', { id })).domain ?? []) as ApiObject[];
      if (domain !== undefined) {
        remember([domain]);
        setTree((nodes) => updateNode(nodes, id, (node) => ({ ...node, title: String(domain.name) })));
      }
    } catch (err) {
      setError((err as Error).message);
    }
    await loadChildren(id);
  }

  const domain = selected === undefined ? undefined : domains.get(selected);
  return (
    <>
      <Typography.Title level={2}>Domains</Typography.Title>
      {error !== undefined && <Alert type="error" showIcon closable message={error} onClose={() => setError(undefined)} style={{ marginBottom: 16 }} />}
      <Row gutter={24}>
        <Col span={8}>
          <Card size="small">
            {tree.length === 0 && error === undefined ? (
              <Spin />
            ) : (
              <Tree<DomainNode>
                showLine
                treeData={tree}
                expandedKeys={expanded}
                onExpand={(keys) => setExpanded(keys.map(String))}
                selectedKeys={selected === undefined ? [] : [selected]}
                onSelect={(keys) => keys[0] !== undefined && setSelected(String(keys[0]))}
                loadData={(node) => loadChildren(node.key)}
              />
            )}
          </Card>
        </Col>
        <Col span={16}>
          {domain !== undefined && (
            <>
              <Typography.Title level={4}>{String(domain.path)}</Typography.Title>
              <DomainActions
                domain={domain}
                apis={apis}
                onAdded={async () => {
                  await refresh(String(domain.id));
                  setExpanded((keys) => [...new Set([...keys, String(domain.id)])]);
                }}
                onRenamed={() => refresh(String(domain.id))}
                onDeleted={async () => {
                  const parent = String(domain.parentdomainid);
                  setSelected(parent);
                  await refresh(parent);
                }}
              />
              <FieldList item={domain} fields={fields} />
              {apis.has('listResourceLimits') && (
                <>
                  <Typography.Title level={5} style={{ marginTop: 24 }}>
                    Resource limits
                  </Typography.Title>
                  <ResourceLimits key={String(domain.id)} owner={{ domainid: String(domain.id) }} apis={apis} />
                </>
              )}
            </>
          )}
        </Col>
      </Row>
    </>
  );
}
