import type RFB from '@novnc/novnc';
import { Alert, Button, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/api.ts';
import type { ApiObject } from '../../api/client.ts';
import { href } from '../../router.tsx';
import { useVm } from './useVm.ts';

type Status = { state: 'Connecting' } | { state: 'Connected' } | { state: 'Disconnected'; reason: string };

const statusColors = { Connecting: 'processing', Connected: 'success', Disconnected: 'error' } as const;

// The endpoint's URL names the server's own idea of its origin; the browser reaches it at the page's host.
function socketUrl(websocket: ApiObject): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}${String(websocket.path)}?token=${encodeURIComponent(String(websocket.token))}`;
}

// #/instances/<id>/console: the VM's screen through noVNC, on a single-use endpoint from createConsoleEndpoint.
export function Console({ id }: { id: string }) {
  const { vm, error } = useVm(id);
  const screen = useRef<HTMLDivElement>(null);
  const rfb = useRef<RFB | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  const [status, setStatus] = useState<Status>({ state: 'Connecting' });

  useEffect(() => {
    let live = true;
    setStatus({ state: 'Connecting' });
    const disconnected = (reason: string) => live && setStatus({ state: 'Disconnected', reason });
    // noVNC is loaded with the first console opened: the other screens never need it.
    Promise.all([api.call('createConsoleEndpoint', { virtualmachineid: id }), import('@novnc/novnc')])
      .then(([answer, { default: RFBClient }]) => {
        const target = screen.current;
        if (!live || target === null) return;
        // Our own socket rather than a URL for noVNC: only the socket sees the server's close code and reason.
        const socket = new WebSocket(socketUrl((answer.consoleendpoint as ApiObject).websocket as ApiObject));
        socket.binaryType = 'arraybuffer';
        let closeReason = '';
        socket.addEventListener('close', (e) => (closeReason = e.reason !== '' ? `${e.reason} (code ${e.code})` : `code ${e.code}`));
        const client = new RFBClient(target, socket, { shared: true });
        client.scaleViewport = true;
        client.background = '#000';
        client.addEventListener('connect', () => live && setStatus({ state: 'Connected' }));
        client.addEventListener('securityfailure', (e) => disconnected(`VNC security failure: ${(e as CustomEvent<{ reason?: string }>).detail.reason ?? 'no reason given'}`));
        client.addEventListener('disconnect', (e) => {
          const clean = (e as CustomEvent<{ clean: boolean }>).detail.clean;
          setTimeout(() => disconnected(`${clean ? 'the connection was closed' : 'the connection was lost'}${closeReason === '' ? '' : `: ${closeReason}`}`));
        });
        rfb.current = client;
      })
      .catch((err: Error) => disconnected(err.message));
    return () => {
      live = false;
      rfb.current?.disconnect();
      rfb.current = undefined;
    };
  }, [id, attempt]);

  const name = vm === undefined ? id : String(vm.displayname ?? vm.name);
  return (
    <>
      <div>
        <a href={href(`/instances/${id}`)}>Back to {name}</a>
      </div>
      <Space align="center" wrap style={{ margin: '8px 0 16px' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          Console of {name}
        </Typography.Title>
        <Tag color={statusColors[status.state]} aria-label="Console state">
          {status.state}
        </Tag>
        <Button disabled={status.state !== 'Connected'} onClick={() => rfb.current?.sendCtrlAltDel()}>
          Send Ctrl+Alt+Del
        </Button>
        <Button disabled={status.state === 'Connecting'} onClick={() => setAttempt((a) => a + 1)}>
          Reconnect
        </Button>
      </Space>
      {error !== undefined && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      {status.state === 'Disconnected' && <Alert type="warning" showIcon message={`Disconnected: ${status.reason}`} style={{ marginBottom: 16 }} />}
      <div ref={screen} data-testid="console-screen" style={{ width: '100%', height: '70vh', background: '#000' }} />
    </>
  );
}
