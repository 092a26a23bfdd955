import { Form, InputNumber, Space, Typography } from 'antd';
import { ChoiceList, type Choices } from '../components/ChoiceList.tsx';

export interface DiskChoice {
  /** '' for no data disk (a template's VM needs none; an ISO's needs one, its ROOT disk). */
  diskofferingid: string;
  /** GB, for a custom offering. */
  size?: number;
}

export const isCustom = (offerings: Choices, id: string) => offerings.items.find((o) => o.id === id)?.iscustomized === true;

// The wizard's Disk step: deployVirtualMachine's diskofferingid (and size), the ROOT disk from an ISO, else a data disk.
export function DeployDisk({ iso, offerings, value, onChange }: { iso: boolean; offerings: Choices; value: DiskChoice; onChange: (next: DiskChoice) => void }) {
  return (
    <Space direction="vertical" size="middle">
      <Typography.Text type="secondary">
        {iso ? 'The ROOT disk the ISO installs onto (required).' : 'A data disk besides the ROOT disk the template gives (optional).'}
      </Typography.Text>
      <ChoiceList
        choices={offerings}
        value={value.diskofferingid}
        onChange={(diskofferingid) => onChange({ diskofferingid })}
        extra={iso ? undefined : { value: '', label: 'No data disk' }}
      />
      {isCustom(offerings, value.diskofferingid) && (
        <Form.Item label="Size (GB)" htmlFor="deploy-disk-size" required style={{ marginBottom: 0 }}>
          <InputNumber id="deploy-disk-size" min={1} value={value.size} onChange={(size) => onChange({ ...value, size: size ?? undefined })} />
        </Form.Item>
      )}
    </Space>
  );
}
