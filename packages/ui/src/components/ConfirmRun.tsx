import { App, Button } from 'antd';
import type { ApiParams } from '../api/client.ts';
import { useJobRunner } from './useJobRunner.ts';

export interface ConfirmRunProps {
  label: string;
  // What the confirmation asks, e.g. "Release 198.51.100.11?"
  question: string;
  command: string;
  params: ApiParams;
  done: string;
  onDone: () => void;
  disabled?: boolean;
}

// A danger button that asks first, then runs its (async) command through the job runner and refreshes the list.
export function ConfirmRun({ label, question, command, params, done, onDone, disabled }: ConfirmRunProps) {
  const { modal } = App.useApp();
  const runJob = useJobRunner();
  function ask() {
    modal.confirm({
      title: question,
      okText: 'OK',
      okButtonProps: { danger: true },
      onOk: async () => {
        await runJob(label, command, params, () => done);
        onDone();
      },
    });
  }
  return (
    <Button size="small" danger disabled={disabled} onClick={ask}>
      {label}
    </Button>
  );
}
