import { Spin } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, sessionExpired } from './api/api.ts';
import { type Credentials, type Session, listApiNames, login, logout, storageSessionStore } from './api/session.ts';
import { navItems } from './nav.ts';
import { useHashPath } from './router.tsx';
import { Login } from './screens/Login.tsx';
import { Screen } from './screens/Screen.tsx';
import { Shell } from './screens/Shell.tsx';

const sessionStore = storageSessionStore(window.sessionStorage);

type State =
  | { phase: 'checking' }
  | { phase: 'out'; notice?: string }
  | { phase: 'in'; session: Session; apis: ReadonlySet<string> };

function forget(): void {
  api.setSessionKey(undefined);
  sessionStore.clear();
}

export function AppRoot() {
  const [state, setState] = useState<State>({ phase: 'checking' });
  const path = useHashPath();

  // A reload keeps the session of this tab; listApis both checks it still lives and feeds the menu.
  useEffect(() => {
    const saved = sessionStore.load();
    if (saved === undefined) return setState({ phase: 'out' });
    api.setSessionKey(saved.sessionkey);
    listApiNames(api)
      .then((apis) => setState({ phase: 'in', session: saved, apis }))
      // A 401 has already ended the session (sessionExpired); any other failure (server down) keeps it for a retry.
      .catch((err: Error) => setState((prev) => (prev.phase === 'out' ? prev : { phase: 'out', notice: err.message })));
  }, []);

  useEffect(() => {
    const expired = () => {
      forget();
      // Only a live session expires: calls still running after a logout answer 401 too.
      setState((prev) => (prev.phase === 'out' ? prev : { phase: 'out', notice: 'Session expired' }));
    };
    sessionExpired.addEventListener('expired', expired);
    return () => sessionExpired.removeEventListener('expired', expired);
  }, []);

  const onLogin = useCallback(async (credentials: Credentials) => {
    const session = await login(api, sessionStore, credentials);
    try {
      setState({ phase: 'in', session, apis: await listApiNames(api) });
    } catch (err) {
      forget();
      throw err;
    }
  }, []);

  const onLogout = useCallback(() => {
    setState({ phase: 'out' });
    logout(api, sessionStore).catch(() => undefined);
  }, []);

  if (state.phase === 'checking') return <Spin fullscreen />;
  if (state.phase === 'out') return <Login notice={state.notice} onLogin={onLogin} />;
  return (
    <Shell username={state.session.username} items={navItems(state.apis)} path={path} onLogout={onLogout}>
      <Screen path={path} apis={state.apis} />
    </Shell>
  );
}
