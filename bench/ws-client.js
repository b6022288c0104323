// The reference client for bench/websocket.sh: opens N WebSockets to the bench server at once (node + ws, one event
// loop, as a client that starts no thread per stream), sends one message on each, and waits for its five events.
// Prints the milliseconds from the first connect to the last stream's last event, and when the last upgrade was
// answered: what the server itself allows any client.
const WebSocket = require(process.env.WS_MODULE || 'ws');
const [url, count] = [process.argv[2], Number(process.argv[3] || 500)];
const start = process.hrtime.bigint();
const ms = () => Number(process.hrtime.bigint() - start) / 1e6;
let done = 0;
let lastOpen = 0;
for (let i = 0; i < count; i++) {
  const socket = new WebSocket(url);
  let events = 0;
  socket.on('open', () => {
    lastOpen = Math.max(lastOpen, ms());
    socket.send(JSON.stringify({ type: 'user_message' }));
  });
  socket.on('message', () => {
    if (++events === 5) {
      socket.close();
      if (++done === count) {
        console.log(`${Math.round(ms())} ${Math.round(lastOpen)}`);
        process.exit(0);
      }
    }
  });
  socket.on('error', (e) => { console.error(e.message); process.exit(1); });
}
setTimeout(() => { console.error(`only ${done} of ${count} streams ended in 30 s`); process.exit(1); }, 30000);
