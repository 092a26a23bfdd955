import { Alert, Empty, Radio, Space, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/api.ts';
import type { ApiObject, ApiParams } from '../api/client.ts';

export interface Choices {
  items: ApiObject[];
  loading: boolean;
  error?: string;
}

// Every item of a list command, for a pick list (no paging: a wizard step lists a handful).
export function useChoices(command: string, itemKey: string, params: ApiParams = {}): Choices {
  const [choices, setChoices] = useState<Choices>({ items: [], loading: true });
  const paramsKey = JSON.stringify(params);
  useEffect(() => {
    let live = true;
    setChoices({ items: [], loading: true });
    api
      .call(command, JSON.parse(paramsKey) as ApiParams)
      .then((answer) => live && setChoices({ items: (answer[itemKey] ?? []) as ApiObject[], loading: false }))
      .catch((err: Error) => live && setChoices({ items: [], loading: false, error: err.message }));
    return () => {
      live = false;
    };
  }, [command, itemKey, paramsKey]);
  return choices;
}

export interface ChoiceListProps {
  choices: Choices;
  value: string | undefined;
  onChange: (id: string) => void;
  // Offered before the listed items, e.g. "a new network" as the empty id.
  extra?: { value: string; label: string };
}

// A radio per item, named by the item's name alone: the wizard's steps (and the browser tests) pick by name.
export function ChoiceList({ choices, value, onChange, extra }: ChoiceListProps) {
  if (choices.loading) return <Spin />;
  if (choices.error !== undefined) return <Alert type="error" showIcon message={choices.error} />;
  if (choices.items.length === 0 && extra === undefined) return <Empty description="Nothing to choose from" />;
  return (
    <Radio.Group value={value} onChange={(event) => onChange(String(event.target.value))}>
      <Space direction="vertical">
        {extra !== undefined && <Radio value={extra.value}>{extra.label}</Radio>}
        {choices.items.map((item) => (
          <Radio key={String(item.id)} value={String(item.id)}>
            {String(item.name)}
          </Radio>
        ))}
      </Space>
    </Radio.Group>
  );
}
