import { createApiClient } from './client.ts';

// Fired on any 401 answer: the app drops the session and shows the login page.
export const sessionExpired = new EventTarget();

export const api = createApiClient({
  url: '/client/api',
  onExpired: () => sessionExpired.dispatchEvent(new Event('expired')),
});
