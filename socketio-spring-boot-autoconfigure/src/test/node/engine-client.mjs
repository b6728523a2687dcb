// One official engine.io-client Socket, driven through the Java harness.
//
// Usage: node engine-client.mjs <url> [config as JSON]
//   config.options      the Socket's options, e.g. {"path":"/engine.io/","transports":["websocket"]}
//   config.sendOn       messages to send from inside a socket event handler, before the test
//                       could react, e.g. {"open":[...],"upgrading":[...]} (messages as in the
//                       send command)
//   config.holdUpgrade  when true, the upgrade packet ("5") that completes an upgrade is held
//                       back (event upgradeHeld) until the releaseUpgrade command: the server
//                       stays between probe and upgrade for as long as the test needs. The
//                       client itself has switched to the new transport by then.
//
// Events (stdout, one JSON object per line):
//   open {sid, transport}, handshake {data}, upgrading {transport}, upgrade {transport},
//   upgradeHeld {}, upgradeError {error}, message {text | binary+type | type:"undefined",
//   transport}, ping {transport}, error {error}, close {reason, description},
//   sent {count, transport, on}, state {readyState, transport, sid}
// Commands (stdin, one JSON object per line):
//   {"cmd":"send","messages":[{"text":"..."} | {"binary":"<base64>","as":"Buffer|Uint8Array|ArrayBuffer"}]}
//     sends the messages in one go (same tick), in order
//   {"cmd":"releaseUpgrade"}  sends the held upgrade packet
//   {"cmd":"close"}           closes the socket from the client side
//   {"cmd":"state"}           reports the socket's state
import { Socket } from "engine.io-client";
import { decodeData, describe, emit, encodeData, onCommands, reportCrashes } from "./lib/harness.mjs";

reportCrashes();

const [url, configJson] = process.argv.slice(2);
const config = configJson ? JSON.parse(configJson) : {};
const socket = new Socket(url, config.options ?? {});
const transportName = () => socket.transport?.name ?? null;
let releaseUpgrade = null;

function send(messages, on) {
  for (const message of messages) {
    socket.send(decodeData(message));
  }
  emit("sent", { count: messages.length, transport: transportName(), on });
}

socket.on("open", () => emit("open", { sid: socket.id, transport: transportName() }));
socket.on("handshake", (data) => emit("handshake", { data }));
socket.on("upgrading", (transport) => {
  if (config.holdUpgrade) {
    const originalSend = transport.send.bind(transport);
    transport.send = (packets) => {
      if (releaseUpgrade === null && packets.some((packet) => packet.type === "upgrade")) {
        releaseUpgrade = () => originalSend(packets);
        emit("upgradeHeld");
        return;
      }
      originalSend(packets);
    };
  }
  emit("upgrading", { transport: transport.name });
});
socket.on("upgrade", (transport) => emit("upgrade", { transport: transport.name }));
socket.on("upgradeError", (err) => emit("upgradeError", { error: describe(err) }));
socket.on("message", (data) => emit("message", { ...encodeData(data), transport: transportName() }));
socket.on("ping", () => emit("ping", { transport: transportName() }));
socket.on("error", (err) => emit("error", { error: describe(err) }));
socket.on("close", (reason, description) => emit("close", { reason, description: describe(description) }));
for (const [event, messages] of Object.entries(config.sendOn ?? {})) {
  // registered after the reporting listeners: the event line comes before the "sent" line
  socket.once(event, () => send(messages, event));
}

onCommands({
  send(command) {
    send(command.messages, "command");
  },
  releaseUpgrade() {
    if (releaseUpgrade === null) {
      throw new Error("no upgrade packet is held");
    }
    releaseUpgrade();
  },
  close() {
    socket.close();
  },
  state() {
    emit("state", { readyState: socket.readyState, transport: transportName(), sid: socket.id });
  },
});
