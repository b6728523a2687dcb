// Several official socket.io-client sockets (4.8.4) in one process, each with a name, driven
// through the Java harness: the clients of the servers of a test cluster, Java or Node.
//
// Usage: node sio-clients.mjs
//
// JSON values cross the pipe as they are, except binary data: a Buffer is written as
// {"$binary":"<base64>"} and such an object in a command becomes a Buffer.
//
// Events (stdout, one JSON object per line), each with the "client" name:
//   connect {client, id, nsp}, connect_error {client, message},
//   disconnect {client, reason}, event {client, name, args, acked}
// Commands (stdin, one JSON object per line):
//   {"cmd":"connect","client":"cJ","url":"http://127.0.0.1:8080","nsp":"/chat",
//    "query":{"client":"cJ","rooms":"room1,room2"},"answers":{"<event>":[args...]}}
//     opens a socket with its own connection (forceNew), WebSocket only, no reconnection;
//     events that ask for an acknowledgement are answered with "answers" (no argument when
//     the event is not listed)
//   {"cmd":"emit","client":"cJ","event":"e","args":[...]}
//   {"cmd":"disconnect","client":"cJ"}
import { io } from "socket.io-client";
import { emit, fromWire, onCommands, reportCrashes, toWire } from "./lib/harness.mjs";

reportCrashes();

const sockets = new Map();

onCommands({
  connect(command) {
    const name = command.client;
    const nsp = command.nsp ?? "/";
    const answers = command.answers ?? {};
    const socket = io(command.url + nsp, {
      forceNew: true,
      reconnection: false,
      transports: ["websocket"],
      query: command.query ?? { client: name },
    });
    sockets.set(name, socket);
    socket.on("connect", () => emit("connect", { client: name, id: socket.id, nsp }));
    socket.on("connect_error", (err) => emit("connect_error", { client: name, message: err.message }));
    socket.on("disconnect", (reason) => emit("disconnect", { client: name, reason }));
    socket.onAny((event, ...args) => {
      const callback = (typeof args[args.length - 1] === "function") ? args.pop() : null;
      emit("event", { client: name, name: event, args: fromWire(args), acked: callback !== null });
      if (callback !== null) {
        callback(...toWire(answers[event] ?? []));
      }
    });
  },
  emit(command) {
    sockets.get(command.client).emit(command.event, ...toWire(command.args ?? []));
  },
  disconnect(command) {
    sockets.get(command.client).disconnect();
  },
});

emit("ready");
