import { Form, Modal } from 'antd';
import type { ApiObject } from '../../api/client.ts';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { NameFields } from './OfferingFields.tsx';

interface EditForm {
  name: string;
  displaytext: string;
}

// The name and display text of an offering (update{Service,Disk}Offering): what CloudStack lets change once made.
export function EditOffering({ offering, command, onClose }: { offering: ApiObject; command: string; onClose: (changed: boolean) => void }) {
  const [form] = Form.useForm<EditForm>();
  const runJob = useJobRunner();

  async function submit(values: EditForm) {
    const done = await runJob(`Update offering ${offering.name}`, command, { id: offering.id, ...values }, () => `Offering ${values.name} updated`);
    if (done !== undefined) onClose(true);
  }

  return (
    <Modal title={`Edit ${offering.name}`} open okText="Save" onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      <Form form={form} name="edit-offering" layout="vertical" initialValues={{ name: offering.name, displaytext: offering.displaytext }} onFinish={(v) => void submit(v)}>
        <NameFields />
      </Form>
    </Modal>
  );
}
