import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wire } from '@nimbus/protocol';
import type { WebSocket } from 'ws';
import { AgentSocket } from './agent-socket.ts';
import type { FileSink } from './transport.ts';

/** A WebSocket that records what the server sends its agent. */
function fakeSocket() {
  const sent: unknown[] = [];
  const socket = { OPEN: 1, readyState: 1, send: (frame: string | Buffer) => sent.push(typeof frame === 'string' ? JSON.parse(frame) : frame) };
  return { socket: socket as unknown as WebSocket, sent };
}

/** A sink that records what it hears; chunks are passed on only when the test says so. */
function recordingSink() {
  const heard: unknown[] = [];
  const pending: Array<() => void> = [];
  const sink: FileSink = {
    start: (sizeBytes) => heard.push({ start: sizeBytes }),
    data: (payload, passedOn) => {
      heard.push({ data: payload.toString() });
      pending.push(passedOn);
    },
    end: (reason) => heard.push({ end: reason ?? 'complete' }),
  };
  return { sink, heard, pending };
}

describe('file streams over an agent socket', () => {
  it('asks the agent for the file, passes its size and bytes on, and acknowledges each chunk once passed on', () => {
    const { socket, sent } = fakeSocket();
    const agent = new AgentSocket(socket);
    const { sink, heard, pending } = recordingSink();
    agent.openFile('h1', { path: '/pool/v.qcow2', virtualSizeBytes: 1 }, sink);
    const open = sent[0] as { type: string; stream: number; path: string };
    assert.deepEqual({ type: open.type, path: open.path }, { type: 'file-open', path: '/pool/v.qcow2' });
    agent.fileStarted(open.stream, 5);
    agent.streamData(wire.streamFrame(open.stream, Buffer.from('hello')));
    assert.equal(sent.length, 1, 'nothing is acknowledged before it is passed on');
    pending[0]();
    assert.deepEqual(sent[1], { type: 'file-ack', stream: open.stream, bytes: 5 });
    agent.fileEnded(open.stream);
    assert.deepEqual(heard, [{ start: 5 }, { data: 'hello' }, { end: 'complete' }]);
  });

  it('tells the agent when the client goes, and ends every stream when the agent does', () => {
    const { socket, sent } = fakeSocket();
    const agent = new AgentSocket(socket);
    const a = recordingSink();
    const b = recordingSink();
    agent.openFile('h1', { path: '/pool/a.qcow2', virtualSizeBytes: 1 }, a.sink).cancel();
    assert.deepEqual(sent[1], { type: 'file-close', stream: (sent[0] as { stream: number }).stream });
    agent.openFile('h1', { path: '/pool/b.qcow2', virtualSizeBytes: 1 }, b.sink);
    agent.close('its agent disconnected');
    assert.deepEqual(a.heard, []);
    assert.deepEqual(b.heard, [{ end: 'its agent disconnected' }]);
  });
});
