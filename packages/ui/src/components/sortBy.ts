import type { ApiObject } from '../api/client.ts';

/**
 * A column sorter for the rows of the page shown. CloudStack's list commands take no sort order, so its own UI sorts
 * the page it has, and so does this one. Numbers inside the text sort as numbers: vm2 before vm10, 10.1.1.9 before
 * 10.1.1.10.
 */
export function sortBy(value: (row: ApiObject) => unknown): (a: ApiObject, b: ApiObject) => number {
  return (a, b) => String(value(a) ?? '').localeCompare(String(value(b) ?? ''), undefined, { numeric: true });
}
