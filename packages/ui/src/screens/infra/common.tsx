import { Button, Form, Modal, Select, Tag } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useChoices } from '../../components/ChoiceList.tsx';
import type { ApiObject, ApiParams } from '../../api/client.ts';
import { useJobRunner } from '../../components/useJobRunner.ts';

// CloudStack's states of hosts, routers, pools and allocation, coloured as its UI colours them.
const stateColours: Record<string, string> = {
  Up: 'green',
  Running: 'green',
  Enabled: 'green',
  Ready: 'green',
  Down: 'red',
  Stopped: 'red',
  Alert: 'red',
  Error: 'red',
  Disabled: 'default',
  Disconnected: 'orange',
  Connecting: 'blue',
  Starting: 'blue',
  Stopping: 'orange',
  Maintenance: 'orange',
  PrepareForMaintenance: 'orange',
  ErrorInMaintenance: 'red',
};

export function StateTag({ state }: { state: unknown }) {
  if (state === undefined || state === null) return null;
  return <Tag color={stateColours[String(state)] ?? 'default'}>{String(state)}</Tag>;
}

// Enable / Disable of anything with an allocation state: `command` takes the id and allocationstate.
export function AllocationButton({ what, item, command, onDone }: { what: string; item: ApiObject; command: string; onDone: () => void }) {
  const runJob = useJobRunner();
  const enabled = item.allocationstate === 'Enabled' || item.resourcestate === 'Enabled';
  const next = enabled ? 'Disabled' : 'Enabled';
  // updateHost takes CloudStack's verbs (Enable, Disable); zones, pods and clusters take the state itself.
  const value = command === 'updateHost' ? (enabled ? 'Disable' : 'Enable') : next;
  async function toggle() {
    await runJob(`${enabled ? 'Disable' : 'Enable'} ${what} ${item.name}`, command, { id: item.id, allocationstate: value }, () => `${what} ${item.name} is ${next}`);
    onDone();
  }
  return (
    <Button size="small" onClick={() => void toggle()}>
      {enabled ? 'Disable' : 'Enable'}
    </Button>
  );
}

export interface EntitySelectProps {
  command: string;
  itemKey: string;
  params?: ApiParams;
  // Given by Form.Item: the id ties the item's label to the select; value and onChange hold the field.
  id?: string;
  value?: string;
  onChange?: (id: string | undefined) => void;
  disabled?: boolean;
}

// A form's pick list of a list command's items (zones, pods, clusters), by id, named by name.
export function EntitySelect({ command, itemKey, params, id, value, onChange, disabled }: EntitySelectProps) {
  const choices = useChoices(command, itemKey, params);
  // A pick that is no longer among the choices (the pod of another zone, once the zone changed) is dropped.
  const stale = !choices.loading && value !== undefined && !choices.items.some((item) => String(item.id) === value);
  useEffect(() => {
    if (stale) onChange?.(undefined);
  }, [stale, onChange]);
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      disabled={disabled}
      loading={choices.loading}
      status={choices.error !== undefined ? 'error' : undefined}
      placeholder={choices.error}
      options={choices.items.map((item) => ({ value: String(item.id), label: String(item.name) }))}
    />
  );
}

export interface FormModalProps<T> {
  title: string;
  okText: string;
  onClose: (changed: boolean) => void;
  // Runs the command (through the job runner); true when it succeeded and the dialog may close.
  onSubmit: (values: T) => Promise<boolean>;
  initialValues?: Partial<T>;
  children: ReactNode;
}

// An "Add ..." dialog: validates its form, submits, closes on success; a failure's errortext stays in the message.
export function FormModal<T extends object>({ title, okText, onClose, onSubmit, initialValues, children }: FormModalProps<T>) {
  const [form] = Form.useForm<T>();
  return (
    <Modal open title={title} okText={okText} onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => void onSubmit(values).then((ok) => ok && onClose(true))}
      >
        {children}
      </Form>
    </Modal>
  );
}

export const required = (message: string) => [{ required: true, message }];
