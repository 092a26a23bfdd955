import { Alert, Spin } from 'antd';

// What a detail page shows while its one item is not there: a spinner while it loads, else the errortext or
// "No <what> <id>".
export function NoItem({ list, what, id }: { list: { loading: boolean; error?: string }; what: string; id: string }) {
  if (list.loading) return <Spin />;
  return <Alert type="error" showIcon message={list.error ?? `No ${what} ${id}`} />;
}
