'use strict';

// The web terminal: xterm.js joined to the space's shell over /ws/spaces/{space}/terminal.
// Output arrives as binary frames; keystrokes and size changes leave as JSON text frames.
document.addEventListener('DOMContentLoaded', () => {
  const space = decodeURIComponent(location.pathname.split('/')[2] || '');
  const status = document.getElementById('terminal-status');
  document.getElementById('terminal-space').textContent = space;
  document.title = `${space} · terminal · warren`;

  const term = new Terminal({ cursorBlink: true, fontSize: 14, scrollback: 5000 });
  const fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(document.getElementById('terminal'));
  fit.fit();
  window.warrenTerminal = term;

  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = `${scheme}//${location.host}/ws/spaces/${encodeURIComponent(space)}/terminal`
      + `?cols=${term.cols}&rows=${term.rows}`;
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  const send = message => { if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message)); };

  socket.addEventListener('open', () => {
    status.textContent = 'Connected';
    term.focus();
  });
  socket.addEventListener('message', event => {
    term.write(typeof event.data === 'string' ? event.data : new Uint8Array(event.data));
  });
  socket.addEventListener('close', event => {
    const reason = event.reason || (event.code === 1006 ? 'The connection was refused or lost.' : 'The session ended.');
    status.textContent = `Disconnected: ${reason}`;
    term.write(`\r\n\x1b[2m[${reason}]\x1b[0m\r\n`);
  });

  term.onData(data => send({ type: 'input', data }));
  term.onResize(({ cols, rows }) => send({ type: 'resize', cols, rows }));
  window.addEventListener('resize', () => fit.fit());
  window.addEventListener('beforeunload', () => socket.close());
});
