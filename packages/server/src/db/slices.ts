/** Statements over a large selection of ids take them in slices: engines cap the bound parameters of one statement. */
const SLICE = 500;

export function slices<T>(ids: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < ids.length; i += SLICE) out.push(ids.slice(i, i + SLICE));
  return out;
}
