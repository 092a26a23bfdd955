import { Form, Input, Radio } from 'antd';

// The fields every offering form asks for: its name and CloudStack's display text (shown as Description).
export function NameFields() {
  return (
    <>
      <Form.Item label="Name" name="name" rules={[{ required: true, message: 'A name is needed' }]}>
        <Input />
      </Form.Item>
      <Form.Item label="Description" name="displaytext" rules={[{ required: true, message: 'A description is needed' }]}>
        <Input />
      </Form.Item>
    </>
  );
}

export function StorageTypeField() {
  return (
    <Form.Item label="Storage type" name="storagetype">
      <Radio.Group
        options={[
          { value: 'shared', label: 'Shared' },
          { value: 'local', label: 'Local' },
        ]}
      />
    </Form.Item>
  );
}
