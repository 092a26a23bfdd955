import type { ApiObject } from '../../api/client.ts';
import { useChoices, type Choices } from '../../components/ChoiceList.tsx';

export interface DiskOfferings extends Choices {
  // Whether the offering takes a size of the caller's (iscustomized): the forms then ask for one.
  isCustom: (id: string | undefined) => boolean;
}

export function useDiskOfferings(): DiskOfferings {
  const choices = useChoices('listDiskOfferings', 'diskoffering');
  const isCustom = (id: string | undefined) => choices.items.some((o) => o.id === id && o.iscustomized === true);
  return { ...choices, isCustom };
}

export function offeringOptions(items: ApiObject[]) {
  return items.map((o) => ({ value: String(o.id), label: `${String(o.name)}${o.iscustomized ? ' (custom size)' : ` (${Number(o.disksize)} GB)`}` }));
}

const GiB = 1024 ** 3;

export function gigabytes(bytes: unknown): string {
  return bytes === undefined ? '' : `${Math.round((Number(bytes) / GiB) * 100) / 100} GB`;
}
