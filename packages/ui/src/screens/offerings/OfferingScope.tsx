import { Form, Radio, Select } from 'antd';
import type { ApiParams } from '../../api/client.ts';
import { useChoices } from '../../components/ChoiceList.tsx';

export interface ScopeFields {
  scope: 'public' | 'domains';
  domainids?: string[];
}

// Public, or limited to some domains (domainid=): the choice CloudStack's offering forms end with.
export function OfferingScope() {
  const domains = useChoices('listDomains', 'domain', { listall: true });
  const scope = Form.useWatch<ScopeFields['scope']>('scope');
  return (
    <>
      <Form.Item label="Visibility" name="scope" initialValue="public">
        <Radio.Group
          options={[
            { value: 'public', label: 'Public' },
            { value: 'domains', label: 'For domains' },
          ]}
        />
      </Form.Item>
      {scope === 'domains' && (
        <Form.Item label="Domains" name="domainids" rules={[{ required: true, message: 'Pick at least one domain' }]}>
          <Select mode="multiple" loading={domains.loading} options={domains.items.map((d) => ({ value: String(d.id), label: String(d.path ?? d.name) }))} />
        </Form.Item>
      )}
    </>
  );
}

export function scopeParams({ scope, domainids }: ScopeFields): ApiParams {
  return scope === 'domains' && domainids !== undefined ? { domainid: domainids.join(',') } : {};
}
