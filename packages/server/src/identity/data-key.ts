import type { SecretBox } from './secrets.ts';

let box: SecretBox | undefined;

/** Set once at start-up: the key that seals API secret keys at rest. */
export function setDataKey(b: SecretBox): void {
  box = b;
}

export function dataKey(): SecretBox {
  if (!box) throw new Error('identity data key is not configured');
  return box;
}
