import { Radio, Space } from 'antd';
import { ChoiceList, type Choices } from '../components/ChoiceList.tsx';

export interface ImageChoice {
  iso: boolean;
  id?: string;
}

// The wizard's Image step: a template, or a bootable ISO to install from (which then needs a ROOT disk offering).
export function DeployImage({ templates, isos, value, onChange }: { templates: Choices; isos: Choices; value: ImageChoice; onChange: (next: ImageChoice) => void }) {
  return (
    <Space direction="vertical" size="middle">
      <Radio.Group
        optionType="button"
        value={value.iso ? 'iso' : 'template'}
        onChange={(event) => onChange({ iso: event.target.value === 'iso' })}
        options={[
          { value: 'template', label: 'Template' },
          { value: 'iso', label: 'ISO' },
        ]}
      />
      <ChoiceList choices={value.iso ? isos : templates} value={value.id} onChange={(id) => onChange({ ...value, id })} />
    </Space>
  );
}
