import { Descriptions } from 'antd';
import type { ApiObject } from '../../api/client.ts';

// An item's fields as a bordered list of label and value, in the order given ([label, response field]).
export function FieldList({ item, fields }: { item: ApiObject; fields: [string, string][] }) {
  return (
    <Descriptions bordered column={1} size="small">
      {fields.map(([label, field]) => (
        <Descriptions.Item key={field} label={label}>
          {String(item[field] ?? '')}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
