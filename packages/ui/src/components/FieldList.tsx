import { Descriptions } from 'antd';
import type { CSSProperties } from 'react';
import type { ApiObject } from '../api/client.ts';

const shown = (value: unknown) => (typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value ?? ''));

// An item's fields as a bordered list of label and value, in the order given ([label, response field]).
export function FieldList({ item, fields, column = 1, style }: { item: ApiObject; fields: [string, string][]; column?: number; style?: CSSProperties }) {
  return (
    <Descriptions bordered column={column} size="small" style={style}>
      {fields.map(([label, field]) => (
        <Descriptions.Item key={field} label={label}>
          {shown(item[field])}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
