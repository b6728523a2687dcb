// One official socket.io-client socket against a Spring Boot application, driven through the
// Java harness (used by the socketio-spring-boot-tests module).
//
// Usage: node app-client.mjs <url> [config as JSON]
//   url             the server and namespace, e.g. http://127.0.0.1:8080/workspace-1
//   config.options  the io() options, e.g. {"path":"/socket.io/","transports":["websocket"],
//                   "auth":{...},"extraHeaders":{...}}; "reconnection" is false unless given;
//                   every client has its own Manager (connection), as with "forceNew"
//   config.answers  answers to the server's events that ask for an acknowledgement:
//                   {"<event>": [args...]}; events not listed are answered with no argument
//
// JSON values cross the pipe as they are, except binary data: a Buffer is written as
// {"$binary":"<base64>"} and such an object in a command becomes a Buffer.
//
// Events (stdout, one JSON object per line):
//   connect {id, transport}, connect_error {message, data}, upgrade {transport},
//   disconnect {reason, description}, event {name, args, acked}, ack {id, args},
//   ackTimeout {id, message}, emitted {id}, packet {type, nsp, id, data}: every Socket.IO
//   packet the client decoded, before the socket handles it, state {connected, id, transport}
// Commands (stdin, one JSON object per line):
//   {"cmd":"emit","event":"e","args":[...],"id":"x","ack":true,"timeout":1000}
//     emits; with "ack" reports the answer as "ack" (or "ackTimeout" after "timeout" ms);
//     without it reports "emitted"
//   {"cmd":"emitMany","event":"e","count":50,"ack":true}
//     emits count events in one tick, the i-th with the single argument i, ids "0".."count-1"
//   {"cmd":"disconnect"}  disconnects the socket from the client side
//   {"cmd":"closeConnection"}  closes the Engine.IO connection under the socket
//   {"cmd":"state"}       reports the socket's state
import { Manager } from "socket.io-client";
import { describe, emit, onCommands, reportCrashes } from "./lib/harness.mjs";

reportCrashes();

const [url, configJson] = process.argv.slice(2);
const config = configJson ? JSON.parse(configJson) : {};
const options = { reconnection: false, ...(config.options ?? {}) };
// what io(url, {forceNew: true}) does, with the packet listener registered before the
// socket's own: a "packet" line comes before the "ack" or "event" line it causes
const manager = new Manager(url, options);
manager.on("packet", (packet) => {
  emit("packet", { type: packet.type, nsp: packet.nsp, id: packet.id ?? null, data: fromWire(packet.data ?? null) });
});
manager.on("open", () => {
  manager.engine.once("upgrade", (transport) => emit("upgrade", { transport: transport.name }));
  manager.engine.on("upgradeError", (error) => emit("upgradeError", describe(error)));
  manager.engine.on("upgrading", (transport) => emit("upgrading", { transport: transport.name }));
});
const socket = manager.socket(new URL(url).pathname, options);
const transportName = () => manager.engine?.transport?.name ?? null;

function toWire(value) {
  if (Array.isArray(value)) {
    return value.map(toWire);
  }
  if (value !== null && typeof value === "object") {
    if (typeof value.$binary === "string" && Object.keys(value).length === 1) {
      return Buffer.from(value.$binary, "base64");
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toWire(item)]));
  }
  return value;
}

function fromWire(value) {
  if (Buffer.isBuffer(value) || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    const buffer = Buffer.isBuffer(value) ? value
      : value instanceof ArrayBuffer ? Buffer.from(value)
      : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return { $binary: buffer.toString("base64") };
  }
  if (Array.isArray(value)) {
    return value.map(fromWire);
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromWire(item)]));
  }
  return value;
}

function send(event, args, id, ack, timeout) {
  const wireArgs = toWire(args ?? []);
  if (!ack) {
    socket.emit(event, ...wireArgs);
    emit("emitted", { id });
    return;
  }
  const emitter = (timeout !== undefined) ? socket.timeout(timeout) : socket;
  emitter.emit(event, ...wireArgs, (...answer) => {
    if (timeout !== undefined) {
      const [err, ...rest] = answer;
      if (err) {
        emit("ackTimeout", { id, message: err.message });
        return;
      }
      emit("ack", { id, args: fromWire(rest) });
      return;
    }
    emit("ack", { id, args: fromWire(answer) });
  });
}

socket.on("connect", () => emit("connect", { id: socket.id, transport: transportName() }));
socket.on("connect_error", (err) => emit("connect_error", { message: err.message, data: fromWire(err.data ?? null) }));
socket.on("disconnect", (reason, description) => emit("disconnect", { reason, description: describe(description) }));
socket.onAny((name, ...args) => {
  const callback = (typeof args[args.length - 1] === "function") ? args.pop() : null;
  emit("event", { name, args: fromWire(args), acked: callback !== null });
  if (callback !== null) {
    callback(...toWire(config.answers?.[name] ?? []));
  }
});

onCommands({
  emit(command) {
    send(command.event, command.args, command.id ?? null, command.ack === true, command.timeout);
  },
  emitMany(command) {
    for (let i = 0; i < command.count; i++) {
      send(command.event, [i], String(i), command.ack === true, command.timeout);
    }
  },
  disconnect() {
    socket.disconnect();
  },
  closeConnection() {
    manager.engine.close();
  },
  state() {
    emit("state", { connected: socket.connected, id: socket.id ?? null, transport: transportName() });
  },
});
