import { Input } from 'antd';
import type { ServerList } from './useServerList.ts';

// The search box of a server-paged list: a new keyword starts again at page 1.
export function ListSearch({ list, onKeyword }: { list: ServerList; onKeyword: (keyword: string) => void }) {
  return (
    <Input.Search
      placeholder="Search"
      allowClear
      onSearch={(value) => {
        onKeyword(value);
        list.setPage(1);
      }}
      style={{ width: 240 }}
    />
  );
}
