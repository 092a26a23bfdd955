import { errors } from '../kernel/errors.ts';

/** CloudStack's `vm.userdata.max.length` default: the base64 text may be at most 32 KB. */
export const USERDATA_MAX_LENGTH = 32768;

/** Checks user data is base64 within the limit; returns it without whitespace (a 431 naming `userdata` otherwise). */
export function checkUserData(value: string): string {
  const compact = value.replace(/\s+/g, '');
  if (compact.length > USERDATA_MAX_LENGTH) {
    throw errors.paramError(`User data is too long: ${compact.length} base64 characters, at most ${USERDATA_MAX_LENGTH} are allowed`);
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw errors.paramError('User data is not valid base64');
  }
  return compact;
}
