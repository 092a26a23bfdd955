// The one way the UI talks to Nimbus: the CloudStack API at /client/api, as any other client would.

export type ApiParams = Record<string, string | number | boolean | undefined>;
// CloudStack answers loosely typed JSON; screens read the fields they show.
// oxlint-disable-next-line no-explicit-any
export type ApiObject = Record<string, any>;

export class ApiError extends Error {
  readonly errorcode: number;
  constructor(message: string, errorcode: number) {
    super(message);
    this.name = 'ApiError';
    this.errorcode = errorcode;
  }
}

export interface ApiClientOptions {
  url: string;
  fetch?: typeof fetch;
  // Called once per 401 answer to a call made with a session: the session is gone server-side.
  onExpired?: () => void;
}

export interface ApiClient {
  call(command: string, params?: ApiParams): Promise<ApiObject>;
  setSessionKey(key: string | undefined): void;
  hasSession(): boolean;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  let sessionKey: string | undefined;

  async function call(command: string, params: ApiParams = {}): Promise<ApiObject> {
    const body = new URLSearchParams({ command, response: 'json' });
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined && value !== '') body.set(name, String(value));
    }
    const withSession = sessionKey !== undefined && command !== 'login';
    if (withSession) body.set('sessionkey', sessionKey as string);
    let response: Response;
    try {
      // The JSESSIONID cookie (Path=/client) goes along by itself on the same origin.
      response = await doFetch(options.url, { method: 'POST', body, credentials: 'same-origin' });
    } catch (err) {
      throw new ApiError(`Cannot reach the management server: ${(err as Error).message}`, 0);
    }
    const text = await response.text();
    let payload: ApiObject | undefined;
    try {
      const parsed = JSON.parse(text) as ApiObject;
      payload = Object.values(parsed)[0] as ApiObject | undefined;
    } catch {
      payload = undefined;
    }
    if (response.status === 401 && withSession) options.onExpired?.();
    if (payload?.errortext !== undefined || !response.ok) {
      const errortext = payload?.errortext ?? `${command} failed: HTTP ${response.status} ${text.slice(0, 200)}`;
      throw new ApiError(String(errortext), Number(payload?.errorcode ?? response.status));
    }
    return payload ?? {};
  }

  return {
    call,
    setSessionKey: (key) => {
      sessionKey = key;
    },
    hasSession: () => sessionKey !== undefined,
  };
}
