// A Socket.IO server (the socket.io package from npm) on 127.0.0.1, for the websocket probe's Socket.IO tests.
// Prints its port. Namespaces: / (open; greets, answers chat_message), /secure (auth.token must be $TOKEN),
// /broken (its middleware fails), /hangs (its middleware never answers), /kicks (disconnects its clients).
const { Server } = require('socket.io');
const http = require('http');

const server = http.createServer();
// pings every 200 ms, and a client that does not answer within 300 ms is gone: a check that stays longer must pong
const io = new Server(server, { pingInterval: 200, pingTimeout: 300 });

io.of('/').on('connection', (socket) => {
  socket.emit('welcome', { server: 'test' });
  socket.on('chat_message', () => {
    setTimeout(() => socket.emit('agent_thinking', {}), 20);
    setTimeout(() => socket.emit('agent_response', { text: 'hello' }), 40);
  });
});
io.of('/secure').use((socket, next) => {
  next(socket.handshake.auth && socket.handshake.auth.token === process.env.TOKEN
    ? undefined : new Error('unauthorized: token expired'));
}).on('connection', (socket) => socket.emit('welcome', {}));
io.of('/broken').use((socket, next) => next(new Error('database unavailable'))).on('connection', () => {});
io.of('/hangs').use(() => { /* a lookup that never returns */ }).on('connection', () => {});
io.of('/kicks').on('connection', (socket) => setTimeout(() => socket.disconnect(true), 50));

server.listen(0, '127.0.0.1', () => console.log(server.address().port));
