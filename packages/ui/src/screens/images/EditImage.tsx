import { Form, Input, Modal } from 'antd';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { useJobRunner } from '../../components/useJobRunner.ts';
import type { ImageKind } from './kinds.ts';

interface Values {
  name: string;
  displaytext: string;
}

// updateTemplate / updateIso: the name and display text.
export function EditImage({ kind, item, onClose, onSaved }: { kind: ImageKind; item: ApiObject; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const runJob = useJobRunner();

  async function submit(values: Values) {
    setBusy(true);
    const result = await runJob(`Update ${kind.noun} ${String(item.name)}`, kind.update, { id: item.id, ...values }, () =>
      `${kind.label} ${values.name} updated`,
    );
    setBusy(false);
    if (result !== undefined) onSaved();
  }

  return (
    <Modal title={`Edit ${kind.noun} ${String(item.name)}`} open okText="Save" confirmLoading={busy} onOk={() => form.submit()} onCancel={onClose}>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ name: item.name, displaytext: item.displaytext }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item name="name" label="Name" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="displaytext" label="Description" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
