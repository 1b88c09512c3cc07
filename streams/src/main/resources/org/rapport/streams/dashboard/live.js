// A program's new alerts as they are published: server-sent events read with fetch, so that the token travels in a
// header and never in a URL. The stream reconnects by itself; each reconnection after a break reloads the view (what
// happened meanwhile was not streamed).
'use strict';

import { sessionSignal, token } from './api.js';

export function follow(program, { onEvent, onConnected, onDisconnected }) {
  const controller = new AbortController();
  const signal = sessionSignal();
  signal.addEventListener('abort', () => controller.abort(), { once: true });
  (async () => {
    let connectedBefore = false;
    while (!controller.signal.aborted) {
      try {
        const response = await fetch('/v1/programs/' + encodeURIComponent(program) + '/alerts/live', {
          headers: { Authorization: 'Bearer ' + token(), Accept: 'text/event-stream' }, signal: controller.signal });
        if (!response.ok) throw new Error('HTTP ' + response.status);
        onConnected(connectedBefore);
        connectedBefore = true;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            parse(buffer.slice(0, end), onEvent);
            buffer = buffer.slice(end + 2);
          }
        }
      } catch (e) {
        if (controller.signal.aborted) return;
      }
      onDisconnected();
      await new Promise((r) => setTimeout(r, 2000));
    }
  })();
  return () => controller.abort();
}

function parse(block, onEvent) {
  let event = 'message';
  let data = '';
  block.split('\n').forEach((line) => {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data += line.slice(5).trim();
  });
  if (event === 'alert' || event === 'retracted') onEvent(event, JSON.parse(data));
}
