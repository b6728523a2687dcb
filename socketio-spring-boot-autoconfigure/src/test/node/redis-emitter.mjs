// The official Redis emitter (@socket.io/redis-emitter 5.1.0, node-redis 5), driven through the
// Java harness: publishes what a process without a Socket.IO server sends to a classic cluster.
//
// Usage: node redis-emitter.mjs <config as JSON>
//   config.redis   the Redis URL, e.g. redis://127.0.0.1:6390
//   config.prefix  the key, "socket.io" by default
//
// A {"$binary":"<base64>"} object in a command becomes a Buffer. Commands may carry an "id"
// that the event answering them repeats; the event comes once Redis took the publication.
// Targets: "nsp" (default "/"), "to": rooms, "except": rooms.
//
// Events (stdout, one JSON object per line): ready, published {id}, redisError {message}
// Commands (stdin, one JSON object per line):
//   {"cmd":"emit", targets, "event":"e", "args":[...], "volatile":true}
//   {"cmd":"socketsJoin", targets, "rooms":[...]}, {"cmd":"socketsLeave", targets, "rooms":[...]}
//   {"cmd":"disconnectSockets", targets, "close":true}
//   {"cmd":"serverSideEmit", "nsp", "event", "args"}
import { Emitter } from "@socket.io/redis-emitter";
import { createClient } from "redis";
import { emit, onCommands, reportCrashes, toWire } from "./lib/harness.mjs";

reportCrashes();

const config = JSON.parse(process.argv[2] ?? "{}");
const client = createClient({ url: config.redis });
client.on("error", (err) => emit("redisError", { message: String(err?.message ?? err) }));
await client.connect();
const emitter = new Emitter(client, { key: config.prefix ?? "socket.io" });

function targets(command) {
  let operator = emitter.of(command.nsp ?? "/");
  if (command.to?.length) {
    operator = operator.to(command.to);
  }
  if (command.except?.length) {
    operator = operator.except(command.except);
  }
  if (command.volatile) {
    operator = operator.volatile;
  }
  return operator;
}

// the emitter does not wait for Redis; a PING on the same connection answers after every
// publication sent before it
async function published(command) {
  await client.ping();
  emit("published", { id: command.id ?? null });
}

onCommands({
  async emit(command) {
    targets(command).emit(command.event, ...toWire(command.args ?? []));
    await published(command);
  },
  async socketsJoin(command) {
    targets(command).socketsJoin(command.rooms);
    await published(command);
  },
  async socketsLeave(command) {
    targets(command).socketsLeave(command.rooms);
    await published(command);
  },
  async disconnectSockets(command) {
    targets(command).disconnectSockets(command.close === true);
    await published(command);
  },
  async serverSideEmit(command) {
    emitter.of(command.nsp ?? "/").serverSideEmit(command.event, ...toWire(command.args ?? []));
    await published(command);
  },
});

emit("ready");
