import { Form, Input, Modal } from 'antd';

export interface NameModalProps {
  title: string;
  label: string;
  okText: string;
  initial?: string;
  // Resolves true when the change was made: the modal closes; false keeps it open for another try.
  onSubmit: (name: string) => Promise<boolean>;
  onClose: () => void;
}

// A modal asking for one name: a new subdomain, a domain's or an account's new name.
export function NameModal({ title, label, okText, initial, onSubmit, onClose }: NameModalProps) {
  const [form] = Form.useForm<{ name: string }>();
  return (
    <Modal open title={title} okText={okText} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: initial }}
        onFinish={async ({ name }) => {
          if (await onSubmit(name.trim())) onClose();
        }}
      >
        <Form.Item label={label} name="name" rules={[{ required: true, whitespace: true, message: 'A name is needed' }]}>
          <Input autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
