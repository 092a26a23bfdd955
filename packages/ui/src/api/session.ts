import type { ApiClient } from './client.ts';

export interface Session {
  sessionkey: string;
  username: string;
  account: string;
  domainid: string;
  userid: string;
  // CloudStack's account type: 0 user, 1 root admin, 2 domain admin.
  type: string;
}

// Where the session outlives a reload: sessionStorage in the browser (per tab, gone with the tab).
export interface SessionStore {
  load(): Session | undefined;
  save(session: Session): void;
  clear(): void;
}

const storageKey = 'nimbus.session';

export function storageSessionStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): SessionStore {
  return {
    load() {
      const raw = storage.getItem(storageKey);
      if (raw === null) return undefined;
      try {
        const session = JSON.parse(raw) as Session;
        return typeof session.sessionkey === 'string' ? session : undefined;
      } catch {
        return undefined;
      }
    },
    save: (session) => storage.setItem(storageKey, JSON.stringify(session)),
    clear: () => storage.removeItem(storageKey),
  };
}

export interface Credentials {
  username: string;
  password: string;
  domain: string;
}

export async function login(client: ApiClient, store: SessionStore, credentials: Credentials): Promise<Session> {
  const answer = await client.call('login', { ...credentials });
  const session: Session = {
    sessionkey: String(answer.sessionkey),
    username: String(answer.username),
    account: String(answer.account),
    domainid: String(answer.domainid),
    userid: String(answer.userid),
    type: String(answer.type),
  };
  client.setSessionKey(session.sessionkey);
  store.save(session);
  return session;
}

// Forgets the session locally even when the server has already dropped it.
export async function logout(client: ApiClient, store: SessionStore): Promise<void> {
  try {
    await client.call('logout');
  } finally {
    client.setSessionKey(undefined);
    store.clear();
  }
}

// The commands the caller's role may call: what the menu offers. Also the reload's check that the session lives.
export async function listApiNames(client: ApiClient): Promise<Set<string>> {
  const answer = await client.call('listApis');
  const apis = (answer.api ?? []) as { name: string }[];
  return new Set(apis.map((api) => api.name));
}
