// Official socket.io-client sockets, driven through the Java harness (SioClient on the Java
// side). One process holds any number of sockets, each known by a name of the test's
// choosing: sockets of one process share one Manager (one Engine.IO connection) unless
// connected with {"forceNew": true}.
//
// Usage: node sio-client.mjs <url>      e.g. http://127.0.0.1:8080 (the path is /socket.io/)
//
// Values: event arguments and acknowledgements are JSON where binary data at any depth is
// {"$binary": "<base64>", "$type": "Buffer|Uint8Array|ArrayBuffer"} (as received) and may be
// sent as {"$binary": "<base64>", "$as": "Buffer|Uint8Array|ArrayBuffer"}; undefined is
// {"$undefined": true} (see encodeValue and decodeValue in lib/harness.mjs).
//
// Commands (stdin, one JSON object per line, run one after the other):
//   {"cmd":"connect","socket":"a","nsp":"/chat","options":{...}}
//       io(url + nsp, options): options as the client takes them (transports, auth,
//       forceNew, reconnection, ...). "socket" defaults to the namespace.
//   {"cmd":"open","socket":"a","auth":{...},"url":"http://..."}   socket.auth = auth (when given);
//                                              the socket's Manager connects to url from now on (when
//                                              given: another server behind the same path); socket.connect()
//   {"cmd":"emit","socket":"a","event":"x","args":[...],"ref":"r1"}
//       socket.emit(event, ...args); with "ref", also an acknowledgement callback that reports
//       ack {ref, args}
//   {"cmd":"emitWithAck","socket":"a","event":"x","args":[...],"timeout":ms,"ref":"r1"}
//       socket.timeout(ms).emitWithAck(event, ...args) (no timeout when "timeout" is absent):
//       reports ack {ref, args} or ackError {ref, error}
//   {"cmd":"answer","socket":"a","event":"x","mode":"args|echo|delay|never","args":[...],"delay":ms}
//       how the socket answers that event when the server asks for an acknowledgement:
//       with the given args (default mode), with the event's own args (echo), with the given
//       args after a delay, or never. Events without a rule are not answered. "event":"*"
//       sets the rule of every event without its own.
//   {"cmd":"emitMany","socket":"a","event":"x","count":n}   emits (event, i) for i in 0..n-1
//   {"cmd":"disconnect","socket":"a"}          socket.disconnect()
//   {"cmd":"cut","socket":"a"}                 terminates the socket's WebSocket (no close frame,
//                                              the TCP connection is destroyed): a lost connection
//   {"cmd":"stopPongs","socket":"a"}           the socket's Engine.IO connection stops answering
//                                              pings (the server sees a ping timeout)
//   {"cmd":"state"}                            reports state {sockets: {name: {...}}}
//   {"cmd":"sync","ref":"r1"}                  reports synced {ref}: the commands before have run
//
// Events (stdout, one JSON object per line; "socket" is the socket's name):
//   open {socket, transport}             the socket's Manager opened its Engine.IO connection
//   upgrade {socket, transport}          that connection upgraded
//   close {socket, reason}               that connection closed
//   connect {socket, id, transport, recovered}   the socket joined its namespace (id = socket.id;
//                                        recovered = socket.recovered, connection state recovery)
//   connect_error {socket, message, data}   (no data when err.data is undefined)
//   disconnect {socket, reason, description}
//   event {socket, name, args, ack}      an event from the server; ack tells whether the
//                                        server asked for an acknowledgement
//   answered {socket, name, args}        this socket sent an acknowledgement (rule above)
//   ack {socket, ref, args} / ackError {socket, ref, error}
//   emitted {socket, ref?, name, count}  after each emit/emitWithAck/emitMany command
//   state {...}, synced {ref}, commandError {command, error}, crash {error, stack}
import { io } from "socket.io-client";
import { decodeValue, describe, emit, encodeValue, onCommands, reportCrashes } from "./lib/harness.mjs";

reportCrashes();

const [url] = process.argv.slice(2);
if (!url) {
  throw new Error("usage: node sio-client.mjs <url>");
}

const sockets = new Map();
const answerRules = new Map();
const watchedManagers = new WeakSet();

const transportOf = (socket) => socket.io.engine?.transport?.name ?? null;

function socketNamed(name) {
  const socket = sockets.get(name);
  if (!socket) {
    throw new Error(`no socket named ${JSON.stringify(name)}`);
  }
  return socket;
}

function watchManager(name, manager) {
  // a Manager shared by several sockets is reported once, under the first socket's name
  if (watchedManagers.has(manager)) {
    return;
  }
  watchedManagers.add(manager);
  manager.on("open", () => {
    const engine = manager.engine;
    emit("open", { socket: name, transport: engine.transport.name });
    engine.on("upgrade", (transport) => emit("upgrade", { socket: name, transport: transport.name }));
    engine.on("close", (reason) => emit("close", { socket: name, reason }));
  });
}

function ruleFor(name, event) {
  const rules = answerRules.get(name);
  return rules?.get(event) ?? rules?.get("*");
}

function answer(name, event, args, callback) {
  const rule = ruleFor(name, event);
  if (!rule || rule.mode === "never") {
    return;
  }
  const send = () => {
    const answerArgs = rule.mode === "echo" ? args : decodeValue(rule.args ?? []);
    callback(...answerArgs);
    emit("answered", { socket: name, name: event, args: encodeValue(answerArgs) });
  };
  if (rule.mode === "delay") {
    setTimeout(send, rule.delay ?? 0);
  } else {
    send();
  }
}

function connect(command) {
  const nsp = command.nsp ?? "/";
  const name = command.socket ?? nsp;
  if (sockets.has(name)) {
    throw new Error(`a socket named ${JSON.stringify(name)} exists`);
  }
  const socket = io(url + nsp, command.options ?? {});
  sockets.set(name, socket);
  watchManager(name, socket.io);
  socket.on("connect", () =>
    emit("connect", { socket: name, id: socket.id, transport: transportOf(socket), recovered: socket.recovered === true }));
  socket.on("connect_error", (err) =>
    emit("connect_error", {
      socket: name, message: err.message, data: err.data === undefined ? undefined : encodeValue(err.data),
    }));
  socket.on("disconnect", (reason, description) =>
    emit("disconnect", { socket: name, reason, description: describe(description) }));
  socket.onAny((event, ...args) => {
    const callback = typeof args[args.length - 1] === "function" ? args.pop() : null;
    emit("event", { socket: name, name: event, args: encodeValue(args), ack: callback !== null });
    if (callback) {
      answer(name, event, args, callback);
    }
  });
}

function emitted(name, command, count = 1) {
  emit("emitted", { socket: name, ref: command.ref, name: command.event, count });
}

onCommands({
  connect,
  open(command) {
    const socket = socketNamed(command.socket);
    if (command.auth !== undefined && command.auth !== null) {
      socket.auth = command.auth;
    }
    if (command.url) {
      socket.io.uri = command.url;
    }
    socket.connect();
  },
  emit(command) {
    const socket = socketNamed(command.socket);
    const args = decodeValue(command.args ?? []);
    if (command.ref !== undefined) {
      socket.emit(command.event, ...args, (...answerArgs) =>
        emit("ack", { socket: command.socket, ref: command.ref, args: encodeValue(answerArgs) }));
    } else {
      socket.emit(command.event, ...args);
    }
    emitted(command.socket, command);
  },
  emitWithAck(command) {
    const socket = socketNamed(command.socket);
    const args = decodeValue(command.args ?? []);
    const sender = command.timeout !== undefined ? socket.timeout(command.timeout) : socket;
    sender.emitWithAck(command.event, ...args).then(
      (answerArgs) => emit("ack", { socket: command.socket, ref: command.ref, args: encodeValue([answerArgs]) }),
      (err) => emit("ackError", { socket: command.socket, ref: command.ref, error: describe(err) }));
    emitted(command.socket, command);
  },
  emitMany(command) {
    const socket = socketNamed(command.socket);
    for (let i = 0; i < command.count; i++) {
      socket.emit(command.event, i);
    }
    emitted(command.socket, command, command.count);
  },
  answer(command) {
    const name = command.socket;
    socketNamed(name);
    if (!answerRules.has(name)) {
      answerRules.set(name, new Map());
    }
    answerRules.get(name).set(command.event, {
      mode: command.mode ?? "args", args: command.args, delay: command.delay,
    });
  },
  disconnect(command) {
    socketNamed(command.socket).disconnect();
  },
  cut(command) {
    const transport = socketNamed(command.socket).io.engine?.transport;
    if (!transport || transport.name !== "websocket") {
      throw new Error("no WebSocket transport to cut");
    }
    transport.ws.terminate();
  },
  stopPongs(command) {
    const engine = socketNamed(command.socket).io.engine;
    if (!engine) {
      throw new Error("no Engine.IO connection");
    }
    const sendPacket = engine._sendPacket.bind(engine);
    engine._sendPacket = (type, ...rest) => {
      if (type !== "pong") {
        sendPacket(type, ...rest);
      }
    };
  },
  sync(command) {
    emit("synced", { ref: command.ref });
  },
  state() {
    const state = {};
    for (const [name, socket] of sockets) {
      state[name] = {
        id: socket.id ?? null, connected: socket.connected, active: socket.active,
        transport: transportOf(socket), engineId: socket.io.engine?.id ?? null,
      };
    }
    emit("state", { sockets: state });
  },
});
