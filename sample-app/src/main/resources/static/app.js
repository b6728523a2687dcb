// The chat page: connects with the official client (polling first, then the upgrade to WebSocket).
const socket = io();
const log = document.getElementById("log");
let currentRoom = null;
window.__events = [];

function show(text, meta) {
  const line = document.createElement("div");
  line.textContent = text;
  if (meta) line.className = "meta";
  log.appendChild(line);
  log.scrollTop = log.scrollHeight;
}

function record(name, payload) {
  window.__events.push({ name, payload });
}

socket.on("connect", () => {
  document.getElementById("status").textContent = "connected";
  document.getElementById("sid").textContent = socket.id;
  document.getElementById("transport").textContent = socket.io.engine.transport.name;
  record("connect", socket.id);
});
// the upgrade to WebSocket may complete before or after the "connect" event
socket.io.on("open", () => {
  const engine = socket.io.engine;
  engine.once("upgrade", () => {
    document.getElementById("transport").textContent = engine.transport.name;
    record("upgrade", engine.transport.name);
  });
});
socket.on("disconnect", (reason) => {
  document.getElementById("status").textContent = "disconnected (" + reason + ")";
});
socket.on("message", (message) => {
  show(message.from.substring(0, 6) + ": " + message.text);
  record("message", message);
});
socket.on("presence", (presence) => record("presence", presence));
socket.on("announcement", (text) => { show("Announcement: " + text, true); record("announcement", text); });
socket.on("poll", (question, answer) => {
  // each participant answers with a click; the server collects the answers with a timeout
  record("poll", question);
  const line = document.createElement("div");
  line.textContent = "Poll: " + question + " ";
  for (const choice of ["yes", "no"]) {
    const button = document.createElement("button");
    button.textContent = choice;
    button.addEventListener("click", () => {
      answer(choice);
      line.textContent = "Poll: " + question + " (you answered " + choice + ")";
    }, { once: true });
    line.appendChild(button);
  }
  log.appendChild(line);
});

document.getElementById("join-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const room = document.getElementById("room").value.trim();
  if (!room) return;
  socket.emit("join", room, (rooms) => {
    currentRoom = room;
    show("Joined " + room + " (rooms: " + rooms.join(", ") + ")", true);
    record("joined", rooms);
  });
});

document.getElementById("message-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = document.getElementById("text");
  const to = document.getElementById("to").value;
  socket.emit("message", { text: input.value, to, room: currentRoom }, (ack) => {
    record("ack", ack);
    if (ack.error) show("Not sent: " + JSON.stringify(ack.violations || ack.error), true);
  });
  input.value = "";
});
