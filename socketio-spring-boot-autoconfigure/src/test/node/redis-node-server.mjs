// An official Node Socket.IO server (socket.io 4.8.4) on Redis with the official adapter
// (@socket.io/redis-adapter 8.3.0, node-redis 5), driven through the Java harness: the Node
// member of a mixed Java and Node cluster.
//
// Usage: node redis-node-server.mjs <config as JSON>
//   config.redis            the Redis URL, e.g. redis://127.0.0.1:6390
//   config.cluster          instead, the URLs of Redis Cluster nodes: node-redis's cluster client
//                           (createCluster) is used, as the reference's tests do
//   config.adapter          "classic" (createAdapter), "sharded" (createShardedAdapter) or "streams"
//                           (createAdapter of @socket.io/redis-streams-adapter 0.3.1)
//   config.prefix           the key (classic) or channelPrefix (sharded, streams), "socket.io" by default;
//                           for streams also the streamName, and the sessionKeyPrefix "<prefix>:session:"
//   config.recovery         connectionStateRecovery.maxDisconnectionDuration in ms (off when absent)
//   config.requestsTimeout  classic requestsTimeout in ms, 5000 by default
//   config.subscriptionMode sharded subscriptionMode, "dynamic" by default
//   config.namespaces       the namespaces created at start, ["/"] by default
//
// Every socket that connects is given data.user = its query's "client" and joins the rooms
// of its query's "rooms" (comma-separated).
//
// JSON values cross the pipe as they are, except binary data: a Buffer is written as
// {"$binary":"<base64>"} and such an object in a command becomes a Buffer. Commands may carry
// an "id" that the event answering them repeats. Targets ("nsp", default "/"; "in": rooms;
// "except": rooms; "local": true) select sockets as io.of(nsp).in(...).except(...) does.
//
// Events (stdout, one JSON object per line):
//   listening {port}, redisError {client, message},
//   connection {nsp, id, client}, disconnection {nsp, id, client, reason},
//   serverSideEvent {nsp, name, args, acked}: a serverSideEmit another server sent,
//   emitted {id}, acks {id, error, responses}, sockets {id, sockets: [{id, local, handshake,
//   rooms, data}]}, remoteSocketDone {id, found}, serverSideEmitted {id},
//   serverSideAcks {id, error, responses}, done {id}, rooms {id, socketId, connected, rooms},
//   serverCount {id, count}, allRooms {id, rooms}, failed {id, error}
// Commands (stdin, one JSON object per line):
//   {"cmd":"emit", targets, "event":"e", "args":[...], "volatile":true, "ack":true, "timeout":ms}
//     io.emit, or with "ack" io.timeout(ms).emit(..., (err, responses) => ...) reported as acks
//   {"cmd":"fetchSockets", targets}                   reported as sockets
//   {"cmd":"remoteSocket", "nsp", "socketId", "action":"emit|join|leave|disconnect",
//    "event", "args", "rooms":[...], "room", "close"}  acts on a socket found by fetchSockets
//   {"cmd":"serverSideEmit", "nsp", "event", "args", "ack":true}
//   {"cmd":"onServerSide", "nsp", "event", "answer"}  listens to a server-side event (reported
//     as serverSideEvent) and, when the sender wants an answer, answers with "answer"
//   {"cmd":"socketsJoin", targets, "rooms"}, {"cmd":"socketsLeave", targets, "rooms"},
//   {"cmd":"disconnectSockets", targets, "close"}      reported as done
//   {"cmd":"rooms", "nsp", "socketId"}                the rooms of a local socket
//   {"cmd":"serverCount", "nsp"}, {"cmd":"allRooms", "nsp"}
import { createServer } from "node:http";
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import { createAdapter as createStreamsAdapter } from "@socket.io/redis-streams-adapter";
import { createClient, createCluster } from "redis";
import { Server, Socket } from "socket.io";
import { emit, fromWire, onCommands, reportCrashes, toWire } from "./lib/harness.mjs";

reportCrashes();

const config = JSON.parse(process.argv[2] ?? "{}");
const prefix = config.prefix ?? "socket.io";

const pubClient = config.cluster
  ? createCluster({ rootNodes: config.cluster.map((url) => ({ url })) })
  : createClient({ url: config.redis });
const subClient = pubClient.duplicate();
pubClient.on("error", (err) => emit("redisError", { client: "pub", message: String(err?.message ?? err) }));
subClient.on("error", (err) => emit("redisError", { client: "sub", message: String(err?.message ?? err) }));
await Promise.all([pubClient.connect(), subClient.connect()]);

const adapter = (config.adapter === "streams")
  ? createStreamsAdapter(pubClient, {
    streamName: prefix,
    channelPrefix: prefix,
    sessionKeyPrefix: `${prefix}:session:`,
  })
  : (config.adapter === "sharded")
  ? createShardedAdapter(pubClient, subClient, {
    channelPrefix: prefix,
    subscriptionMode: config.subscriptionMode ?? "dynamic",
  })
  : createAdapter(pubClient, subClient, { key: prefix, requestsTimeout: config.requestsTimeout ?? 5000 });

const httpServer = createServer();
const io = new Server(httpServer, config.recovery
  ? { adapter, connectionStateRecovery: { maxDisconnectionDuration: config.recovery, skipMiddlewares: true } }
  : { adapter });

for (const name of config.namespaces ?? ["/"]) {
  const namespace = io.of(name);
  namespace.on("connection", (socket) => {
    const client = socket.handshake.query.client ?? "?";
    socket.data.user = client;
    const rooms = socket.handshake.query.rooms;
    if (rooms) {
      socket.join(rooms.split(","));
    }
    emit("connection", { nsp: namespace.name, id: socket.id, client, recovered: socket.recovered === true });
    socket.on("disconnect", (reason) => {
      emit("disconnection", { nsp: namespace.name, id: socket.id, client, reason });
    });
  });
}

function targets(command) {
  let operator = io.of(command.nsp ?? "/");
  if (command.local) {
    operator = operator.local;
  }
  if (command.in?.length) {
    operator = operator.in(command.in);
  }
  if (command.except?.length) {
    operator = operator.except(command.except);
  }
  return operator;
}

function describeSocket(socket) {
  return {
    id: socket.id,
    local: socket instanceof Socket,
    handshake: fromWire(socket.handshake),
    rooms: [...socket.rooms],
    data: fromWire(socket.data),
  };
}

function message(err) {
  return (err === null || err === undefined) ? null : String(err.message ?? err);
}

onCommands({
  emit(command) {
    let operator = targets(command);
    if (command.volatile) {
      operator = operator.volatile;
    }
    const args = toWire(command.args ?? []);
    if (command.ack) {
      operator.timeout(command.timeout ?? 5000).emit(command.event, ...args, (err, responses) => {
        emit("acks", { id: command.id ?? null, error: message(err), responses: fromWire(responses ?? []) });
      });
      return;
    }
    operator.emit(command.event, ...args);
    emit("emitted", { id: command.id ?? null });
  },
  async fetchSockets(command) {
    try {
      const sockets = await targets(command).fetchSockets();
      emit("sockets", { id: command.id ?? null, sockets: sockets.map(describeSocket) });
    } catch (err) {
      emit("failed", { id: command.id ?? null, error: message(err) });
    }
  },
  async remoteSocket(command) {
    const sockets = await io.of(command.nsp ?? "/").fetchSockets();
    const socket = sockets.find((candidate) => candidate.id === command.socketId);
    if (socket) {
      switch (command.action) {
        case "emit":
          socket.emit(command.event, ...toWire(command.args ?? []));
          break;
        case "join":
          socket.join(command.rooms);
          break;
        case "leave":
          socket.leave(command.room);
          break;
        case "disconnect":
          socket.disconnect(command.close === true);
          break;
        default:
          throw new Error(`unknown action ${command.action}`);
      }
    }
    emit("remoteSocketDone", { id: command.id ?? null, found: socket !== undefined });
  },
  serverSideEmit(command) {
    const namespace = io.of(command.nsp ?? "/");
    const args = toWire(command.args ?? []);
    if (command.ack) {
      namespace.serverSideEmit(command.event, ...args, (err, responses) => {
        emit("serverSideAcks", { id: command.id ?? null, error: message(err), responses: fromWire(responses ?? []) });
      });
      return;
    }
    namespace.serverSideEmit(command.event, ...args);
    emit("serverSideEmitted", { id: command.id ?? null });
  },
  onServerSide(command) {
    const nsp = command.nsp ?? "/";
    io.of(nsp).on(command.event, (...args) => {
      const callback = (typeof args[args.length - 1] === "function") ? args.pop() : null;
      emit("serverSideEvent", { nsp, name: command.event, args: fromWire(args), acked: callback !== null });
      if (callback !== null) {
        callback(toWire(command.answer ?? null));
      }
    });
    emit("done", { id: command.id ?? null });
  },
  socketsJoin(command) {
    targets(command).socketsJoin(command.rooms);
    emit("done", { id: command.id ?? null });
  },
  socketsLeave(command) {
    targets(command).socketsLeave(command.rooms);
    emit("done", { id: command.id ?? null });
  },
  disconnectSockets(command) {
    targets(command).disconnectSockets(command.close === true);
    emit("done", { id: command.id ?? null });
  },
  rooms(command) {
    const socket = io.of(command.nsp ?? "/").sockets.get(command.socketId);
    emit("rooms", {
      id: command.id ?? null,
      socketId: command.socketId,
      connected: socket !== undefined,
      rooms: socket ? [...socket.rooms] : [],
    });
  },
  async serverCount(command) {
    const count = await io.of(command.nsp ?? "/").adapter.serverCount();
    emit("serverCount", { id: command.id ?? null, count });
  },
  async allRooms(command) {
    try {
      const rooms = await io.of(command.nsp ?? "/").adapter.allRooms();
      emit("allRooms", { id: command.id ?? null, rooms: [...rooms] });
    } catch (err) {
      emit("failed", { id: command.id ?? null, error: message(err) });
    }
  },
});

httpServer.listen(0, "127.0.0.1", () => emit("listening", { port: httpServer.address().port }));
