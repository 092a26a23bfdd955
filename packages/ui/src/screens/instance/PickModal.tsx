import { Modal } from 'antd';
import { useState } from 'react';
import type { ApiObject, ApiParams } from '../../api/client.ts';
import { ChoiceList, useChoices } from '../../components/ChoiceList.tsx';

export interface Pick {
  // The action's name: the button's label and the modal's title.
  label: string;
  list: { command: string; itemKey: string; params: ApiParams };
  // Items are picked by id, or by name for the lists whose items the action names (SSH key pairs).
  byName?: boolean;
  exclude?: string;
  run: (picked: string) => Promise<unknown>;
}

// A modal offering one list's items (a radio each) for an action that needs one picked: an offering, a host, an ISO.
export function PickModal({ pick, onClose }: { pick: Pick; onClose: () => void }) {
  const listed = useChoices(pick.list.command, pick.list.itemKey, pick.list.params);
  const [picked, setPicked] = useState<string>();
  const items = listed.items
    .map((item): ApiObject => (pick.byName ? { ...item, id: item.name } : item))
    .filter((item) => item.id !== pick.exclude);
  return (
    <Modal
      open
      title={pick.label}
      okText={pick.label}
      okButtonProps={{ disabled: picked === undefined }}
      onCancel={onClose}
      onOk={() => {
        onClose();
        if (picked !== undefined) void pick.run(picked);
      }}
    >
      <ChoiceList choices={{ ...listed, items }} value={picked} onChange={setPicked} />
    </Modal>
  );
}
