import { Tag } from 'antd';

const colors: Record<string, string> = { enabled: 'green', disabled: 'orange', locked: 'red' };

// An account's or a user's state (enabled, disabled, locked) as a coloured tag.
export function StateTag({ state }: { state: unknown }) {
  const text = String(state ?? '');
  return <Tag color={colors[text.toLowerCase()]}>{text}</Tag>;
}
