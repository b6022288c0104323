// A WebSocket server for bench/websocket.sh (127.0.0.1 only): on each message, sends the five events
// of the golden path, GAP ms apart, so one stream lasts 5 x GAP ms. Prints its port; exits after LIFETIME s.
const { WebSocketServer } = require(process.env.WS_MODULE || 'ws');
const gap = Number(process.env.GAP || 100);
const events = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'];
const server = new WebSocketServer({ host: '127.0.0.1', port: 0, backlog: 1024 });
server.on('listening', () => console.log(server.address().port));
server.on('connection', (socket) => {
  socket.on('message', () => {
    events.forEach((type, i) => setTimeout(() => socket.send(JSON.stringify({ type })), gap * (i + 1)));
  });
});
setTimeout(() => process.exit(0), 1000 * Number(process.env.LIFETIME || 300));
