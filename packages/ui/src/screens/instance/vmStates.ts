// How the UI shows a VM's state, shared by the list and the detail page.
export const stateColors: Record<string, string> = { Running: 'green', Stopped: 'default', Error: 'red', Destroyed: 'red' };

// States a VM only passes through: a page showing one fetches it again until it settles.
export const transitional = new Set(['Starting', 'Stopping', 'Migrating', 'Expunging']);
