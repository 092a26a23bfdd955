import { Progress, Space, Typography } from 'antd';
import type { ApiObject } from '../../api/client.ts';

const GiB = 1024 ** 3;

export const gib = (bytes: number) => `${(bytes / GiB).toFixed(bytes < 10 * GiB ? 2 : 0)} GiB`;
export const ghz = (mhz: number) => (mhz >= 1000 ? `${(mhz / 1000).toFixed(2)} GHz` : `${mhz} MHz`);

const percentOf = (used: number, total: number) => (total > 0 ? Math.min(100, Math.round((used / total) * 1000) / 10) : 0);

// One labelled bar: "<label>: <used> of <total>"; the label is the bar's accessible name.
export function UsageBar({ label, used, total, format, percent }: { label: string; used: number; total: number; format: (n: number) => string; percent?: number }) {
  const value = percent ?? percentOf(used, total);
  return (
    <div style={{ minWidth: 180 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}: {format(used)} of {format(total)}
      </Typography.Text>
      <Progress aria-label={label} percent={value} size="small" status={value >= 90 ? 'exception' : 'normal'} />
    </div>
  );
}

// A host's figures as listHosts answers them: CPU used (the hypervisor's percentage) and allocated to VMs, memory
// allocated, each of the host's total.
export function HostCapacity({ host }: { host: ApiObject }) {
  const cpuTotal = Number(host.cpunumber ?? 0) * Number(host.cpuspeed ?? 0);
  const cpuUsedPercent = Number.parseFloat(String(host.cpuused ?? '0')) || 0;
  return (
    <Space direction="vertical" size={0} style={{ width: '100%' }}>
      <UsageBar label="CPU used" used={Math.round((cpuTotal * cpuUsedPercent) / 100)} total={cpuTotal} format={ghz} percent={cpuUsedPercent} />
      <UsageBar label="CPU allocated" used={Number(host.cpuallocatedvalue ?? 0)} total={cpuTotal} format={ghz} />
      <UsageBar label="Memory allocated" used={Number(host.memoryallocated ?? 0)} total={Number(host.memorytotal ?? 0)} format={gib} />
    </Space>
  );
}

// A primary storage pool's disk used and allocated (to volumes), of its size.
export function PoolCapacity({ pool }: { pool: ApiObject }) {
  const total = Number(pool.disksizetotal ?? 0);
  return (
    <Space direction="vertical" size={0} style={{ width: '100%' }}>
      <UsageBar label="Disk used" used={Number(pool.disksizeused ?? 0)} total={total} format={gib} />
      <UsageBar label="Disk allocated" used={Number(pool.disksizeallocated ?? 0)} total={total} format={gib} />
    </Space>
  );
}

// listCapacity's types: how each one's figures read.
const capacityFormats: Record<number, (n: number) => string> = { 0: gib, 1: ghz, 2: gib, 3: gib, 6: gib };

// listCapacity's entries (one per type) as bars, e.g. a zone's memory, CPU, storage and public IPs.
export function CapacityBars({ capacity }: { capacity: ApiObject[] }) {
  return (
    <Space wrap size="large" align="start">
      {capacity.map((c) => (
        <div key={String(c.type)} style={{ width: 240 }}>
          <UsageBar label={String(c.name ?? `type ${c.type}`)} used={Number(c.capacityused ?? 0)} total={Number(c.capacitytotal ?? 0)} format={capacityFormats[Number(c.type)] ?? String} percent={Number(c.percentused ?? 0)} />
        </div>
      ))}
    </Space>
  );
}
