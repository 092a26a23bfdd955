import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/api.ts';
import type { ApiObject, ApiParams } from '../api/client.ts';

export interface ServerList {
  items: ApiObject[];
  count: number;
  loading: boolean;
  error?: string;
  page: number;
  pageSize: number;
  setPage(page: number, pageSize?: number): void;
  reload(): void;
}

// One page of a CloudStack list command (page/pagesize on the server; count is the total).
export function useServerList(command: string, itemKey: string, params: ApiParams = {}): ServerList {
  const [page, setPageNumber] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [tick, setTick] = useState(0);
  const [result, setResult] = useState<{ items: ApiObject[]; count: number; error?: string }>({ items: [], count: 0 });
  const [loading, setLoading] = useState(true);
  // The params object is new on every render; its content decides whether to fetch again.
  const paramsKey = JSON.stringify(params);

  useEffect(() => {
    let live = true;
    setLoading(true);
    api
      .call(command, { ...(JSON.parse(paramsKey) as ApiParams), page, pagesize: pageSize })
      .then((answer) => {
        if (live) setResult({ items: (answer[itemKey] ?? []) as ApiObject[], count: Number(answer.count ?? 0) });
      })
      .catch((err: Error) => {
        if (live) setResult({ items: [], count: 0, error: err.message });
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [command, itemKey, paramsKey, page, pageSize, tick]);

  const setPage = useCallback((next: number, size?: number) => {
    setPageNumber(next);
    if (size !== undefined) setPageSize(size);
  }, []);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...result, loading, page, pageSize, setPage, reload };
}

export function tablePagination(list: ServerList) {
  return {
    current: list.page,
    pageSize: list.pageSize,
    total: list.count,
    showSizeChanger: true,
    onChange: (page: number, size: number) => list.setPage(page, size),
  };
}
