import { Select } from 'antd';
import { useChoices, type Choices } from '../../components/ChoiceList.tsx';

// The instances on a network: what static NAT, port forwarding and load balancing may point at.
export function useNetworkVms(networkid: string): Choices {
  return useChoices('listVirtualMachines', 'virtualmachine', { networkid, listall: true });
}

export interface VmSelectProps {
  vms: Choices;
  id?: string;
  value?: string | string[];
  onChange?: (value: string | string[]) => void;
  multiple?: boolean;
}

// A select of those instances by name (a Form.Item gives it id, value and onChange).
export function VmSelect({ vms, id, value, onChange, multiple }: VmSelectProps) {
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      mode={multiple ? 'multiple' : undefined}
      loading={vms.loading}
      status={vms.error === undefined ? undefined : 'error'}
      placeholder={vms.error ?? 'Instance'}
      style={{ minWidth: 200 }}
      options={vms.items.map((vm) => ({ value: String(vm.id), label: String(vm.displayname ?? vm.name) }))}
    />
  );
}
