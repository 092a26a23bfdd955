import { Form, InputNumber } from 'antd';

// One port of a rule form (1-65535); a range's first port is required, its end port not.
export function PortField({ label, name, required = false }: { label: string; name: string; required?: boolean }) {
  return (
    <Form.Item label={label} name={name} rules={required ? [{ required: true }] : undefined}>
      <InputNumber min={1} max={65535} />
    </Form.Item>
  );
}
