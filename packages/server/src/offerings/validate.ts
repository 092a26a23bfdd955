import { errors } from '../kernel/errors.ts';

/** A value from a closed set, matched ignoring case and answered in the set's spelling; 431 naming the parameter. */
export function oneOf<T extends string>(param: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a.toLowerCase() === String(value).toLowerCase());
  if (!found) throw errors.paramError(`Invalid value ${String(value)} for ${param}: expected one of ${allowed.join(', ')}`);
  return found;
}

/** 431 when a numeric parameter is below its minimum. */
export function positive(param: string, value: unknown, min: number): void {
  if (value !== undefined && (value as number) < min) throw errors.paramError(`Invalid value ${String(value)} for ${param}: it must be at least ${min}`);
}
