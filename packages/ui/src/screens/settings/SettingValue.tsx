import { Button, Input, Space, Switch } from 'antd';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';

export interface SettingValueProps {
  setting: ApiObject;
  editing: boolean;
  onSave: (value: string) => void;
  onCancel: () => void;
}

// A setting's value cell: the value, or while editing an input (a switch for a Boolean) with Save and Cancel.
export function SettingValue({ setting, editing, onSave, onCancel }: SettingValueProps) {
  const current = String(setting.value ?? '');
  const [draft, setDraft] = useState(current);
  const boolean = setting.type === 'Boolean';
  if (!editing) return boolean ? <Switch size="small" checked={current === 'true'} disabled aria-label={`${setting.name} value`} /> : <span>{current}</span>;
  return (
    <Space size="small">
      {boolean ? (
        <Switch checked={draft === 'true'} onChange={(on) => setDraft(String(on))} aria-label={`New value of ${setting.name}`} />
      ) : (
        <Input size="small" value={draft} onChange={(e) => setDraft(e.target.value)} onPressEnter={() => onSave(draft)} aria-label={`New value of ${setting.name}`} style={{ width: 200 }} />
      )}
      <Button size="small" type="primary" onClick={() => onSave(draft)}>
        Save
      </Button>
      <Button size="small" onClick={onCancel}>
        Cancel
      </Button>
    </Space>
  );
}
