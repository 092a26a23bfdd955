/**
 * Timing inside the page, so Playwright's own round trips and actionability checks stay out of the figures: `arm()`
 * notes the time of the next pointerdown or keydown (the user's action), and `check(cond)`, polled every animation
 * frame, notes the time the instances table first meets `cond`. Plain JavaScript (installed with addInitScript): the
 * benchmark's TypeScript has no DOM types.
 */
export const inPageScript = `
window.__bench = {
  t0: undefined, t1: undefined,
  arm() {
    this.t0 = undefined;
    this.t1 = undefined;
    const note = () => { if (this.t0 === undefined) this.t0 = performance.now(); };
    for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, note, { capture: true, once: true });
  },
  rows() {
    return [...document.querySelectorAll('.ant-table-tbody tr.ant-table-row')].map((tr) => ({
      key: tr.getAttribute('data-row-key'), name: tr.cells[0]?.innerText ?? '', state: tr.cells[1]?.innerText ?? '',
    }));
  },
  check(cond) {
    if (this.t0 === undefined || document.querySelector('.ant-table-wrapper .ant-spin-spinning')) return false;
    const rows = this.rows();
    if (rows.length === 0) return false;
    const met =
      cond.kind === 'rows' ? true :
      cond.kind === 'firstKeyNot' ? rows[0].key !== cond.key :
      cond.kind === 'count' ? rows.length === cond.n :
      cond.kind === 'names' ? rows.every((r) => r.name.includes(cond.keyword)) :
      rows.every((r) => r.state === cond.state);
    if (met) this.t1 = performance.now();
    return met;
  },
};
`;

/** What the instances table must show for a step to count as done (rows present and no spinner, always). */
export type Condition =
  | { kind: 'rows' }
  | { kind: 'firstKeyNot'; key: string }
  | { kind: 'count'; n: number }
  | { kind: 'names'; keyword: string }
  | { kind: 'state'; state: string };
