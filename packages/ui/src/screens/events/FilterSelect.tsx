import { Select } from 'antd';
import type { ServerList } from '../../components/useServerList.ts';

export interface FilterSelectProps {
  // The select's accessible name and placeholder: "Level", "Category".
  label: string;
  list: ServerList;
  value: string | undefined;
  onChange: (value?: string) => void;
  options: string[];
  width: number;
  loading?: boolean;
}

// A clearable filter of a server-paged list: a new choice starts again at page 1, as a new search does.
export function FilterSelect({ label, list, value, onChange, options, width, loading }: FilterSelectProps) {
  return (
    <Select
      aria-label={label}
      allowClear
      showSearch
      placeholder={label}
      style={{ width }}
      value={value}
      loading={loading}
      onChange={(next?: string) => {
        onChange(next);
        list.setPage(1);
      }}
      options={options.map((o) => ({ value: o, label: o }))}
    />
  );
}
