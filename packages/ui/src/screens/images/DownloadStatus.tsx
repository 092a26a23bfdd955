import { Progress, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/api.ts';
import type { ApiObject } from '../../api/client.ts';
import { downloadState, inProgress, type ImageKind } from './kinds.ts';

// A template is listed once per zone it is in.
export const rowKey = (item: ApiObject): string => `${String(item.id)}/${String(item.zoneid ?? '')}`;

// The rows as they are now: while any download runs, its image is listed again (id=...) every second, as
// CloudStack's UI does, until it is Ready or has failed. A fresh page of the list starts over.
export function useLiveDownloads(kind: ImageKind, filter: string, items: ApiObject[]): ApiObject[] {
  const [fresh, setFresh] = useState<Map<string, ApiObject>>(new Map());
  useEffect(() => setFresh(new Map()), [items]);
  const current = items.map((item) => fresh.get(rowKey(item)) ?? item);
  const pending = [...new Set(current.filter(inProgress).map((item) => String(item.id)))].sort().join(',');

  useEffect(() => {
    if (pending === '') return;
    let live = true;
    const timer = setTimeout(() => {
      void Promise.all(
        pending.split(',').map((id) => api.call(kind.list, { [kind.filterParam]: filter, id }).catch(() => ({}) as ApiObject)),
      ).then((answers) => {
        if (!live) return;
        setFresh((before) => {
          const next = new Map(before);
          for (const answer of answers) for (const item of (answer[kind.key] ?? []) as ApiObject[]) next.set(rowKey(item), item);
          return next;
        });
      });
    }, 1000);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [pending, fresh, kind, filter]);

  return current;
}

// Ready, failed (with CloudStack's status as the reason), or a progress bar of the download.
export function DownloadStatus({ item }: { item: ApiObject }) {
  const state = downloadState(item);
  const status = String(item.status ?? '');
  if (state.ready) return <Tag color="green">Ready</Tag>;
  if (state.failed) {
    return (
      <Tooltip title={status}>
        <Tag color="red">{status}</Tag>
      </Tooltip>
    );
  }
  if (state.percent === undefined || item.zoneid === undefined) return <Tag>{status}</Tag>;
  return <Progress percent={state.percent} size="small" status="active" aria-label={status} style={{ width: 140 }} />;
}
