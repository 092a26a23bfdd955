import { Alert, Button, Descriptions, Spin, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/api.ts';
import type { ApiObject } from '../../api/client.ts';
import { useDownload } from '../../components/useDownload.tsx';
import { isAdmin } from '../../nav.ts';
import { href } from '../../router.tsx';
import { DownloadStatus, rowKey, useLiveDownloads } from './DownloadStatus.tsx';
import type { ImageKind } from './kinds.ts';

// A tenant's image may be its own, or another's it may use; each filter narrows differently, so ask in turn.
const tenantFilters = ['self', 'executable', 'community', 'featured'];

async function findImage(kind: ImageKind, id: string, filters: string[]): Promise<{ filter: string; rows: ApiObject[] }> {
  for (const filter of filters) {
    const answer = await api.call(kind.list, { [kind.filterParam]: filter, id });
    const rows = (answer[kind.key] ?? []) as ApiObject[];
    if (rows.length > 0) return { filter, rows };
  }
  throw new Error(`${kind.label} ${id} was not found, or is not yours to see`);
}

const yesNo = (value: unknown) => (value === true ? 'Yes' : 'No');
const gib = (bytes: unknown) => (typeof bytes === 'number' ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : '');

// One template or ISO (#/templates/<id>): what it is, its download in each zone it is in, and a Download of it from
// each zone where it is ready.
export function ImageDetail({ kind, id, apis }: { kind: ImageKind; id: string; apis: ReadonlySet<string> }) {
  const [found, setFound] = useState<{ filter: string; rows: ApiObject[] } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const admin = isAdmin(apis);
  useEffect(() => {
    let live = true;
    findImage(kind, id, admin ? ['all'] : tenantFilters)
      .then((result) => live && setFound(result))
      .catch((err: Error) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [kind, id, admin]);
  const rows = useLiveDownloads(kind, found?.filter ?? 'self', found?.rows ?? []);
  const image = rows[0];
  const download = useDownload();
  const extract = kind.key === 'template' ? 'extractTemplate' : 'extractIso';
  // CloudStack lets the root admin extract any image, others only extractable ones.
  const mayDownload = apis.has(extract) && image !== undefined && (image.isextractable === true || admin);

  return (
    <>
      <Typography.Title level={2}>{image === undefined ? kind.label : String(image.name)}</Typography.Title>
      <p>
        <a href={href(kind.route)}>All {kind.plural.toLowerCase()}</a>
      </p>
      {error !== undefined && <Alert type="error" showIcon message={error} />}
      {image === undefined && error === undefined && <Spin />}
      {image !== undefined && (
        <>
          <Descriptions bordered size="small" column={2} style={{ marginBottom: 24 }}>
            <Descriptions.Item label="Description">{String(image.displaytext ?? '')}</Descriptions.Item>
            <Descriptions.Item label="Owner">{`${String(image.account ?? '')} (${String(image.domainpath ?? image.domain ?? '')})`}</Descriptions.Item>
            <Descriptions.Item label="OS type">{String(image.ostypename ?? '')}</Descriptions.Item>
            <Descriptions.Item label="Format">{String(image.format ?? '')}</Descriptions.Item>
            {kind.key === 'template' && <Descriptions.Item label="Hypervisor">{String(image.hypervisor ?? '')}</Descriptions.Item>}
            {kind.key === 'template' && <Descriptions.Item label="Password enabled">{yesNo(image.passwordenabled)}</Descriptions.Item>}
            {kind.key === 'iso' && <Descriptions.Item label="Bootable">{yesNo(image.bootable)}</Descriptions.Item>}
            <Descriptions.Item label="Public">{yesNo(image.ispublic)}</Descriptions.Item>
            <Descriptions.Item label="Featured">{yesNo(image.isfeatured)}</Descriptions.Item>
            <Descriptions.Item label="URL">{String(image.url ?? '')}</Descriptions.Item>
            <Descriptions.Item label="Created">{String(image.created ?? '')}</Descriptions.Item>
            <Descriptions.Item label="ID">{String(image.id)}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={4}>Zones</Typography.Title>
          <Table<ApiObject>
            rowKey={rowKey}
            size="middle"
            pagination={false}
            dataSource={rows.filter((row) => row.zoneid !== undefined)}
            columns={[
              { title: 'Zone', dataIndex: 'zonename' },
              { title: 'Status', key: 'status', render: (_, row) => <DownloadStatus item={row} /> },
              { title: 'Size', key: 'size', render: (_, row) => gib(row.size) },
              {
                title: 'Actions',
                key: 'actions',
                render: (_, row) =>
                  mayDownload && (
                    <Button size="small" disabled={row.isready !== true} onClick={() => void download(extract, row, { zoneid: String(row.zoneid) })}>
                      Download
                    </Button>
                  ),
              },
            ]}
          />
        </>
      )}
    </>
  );
}
