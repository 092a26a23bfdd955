import { Form, Modal } from 'antd';
import type { ApiObject } from '../../api/client.ts';
import { useChoices } from '../../components/ChoiceList.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { VmSelect } from '../network/VmSelect.tsx';

// attachVolume: to one of the instances of the volume's zone (a volume cannot leave its zone's storage).
export function AttachVolume({ volume, onClose }: { volume: ApiObject; onClose: (attached: boolean) => void }) {
  const [form] = Form.useForm<{ virtualmachineid: string }>();
  const vms = useChoices('listVirtualMachines', 'virtualmachine', { zoneid: volume.zoneid, listall: true });
  const runJob = useJobRunner();

  async function submit({ virtualmachineid }: { virtualmachineid: string }) {
    const attached = await runJob(`Attach volume ${volume.name}`, 'attachVolume', { id: volume.id, virtualmachineid }, (r) => `Volume ${volume.name} is attached to ${r.volume?.vmname ?? 'the instance'}`);
    if (attached !== undefined) onClose(true);
  }

  return (
    <Modal title={`Attach volume ${volume.name}`} open okText="Attach" onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      <Form form={form} name="attach-volume" layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item label="Instance" name="virtualmachineid" rules={[{ required: true, message: 'Pick an instance' }]}>
          <VmSelect vms={vms} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
