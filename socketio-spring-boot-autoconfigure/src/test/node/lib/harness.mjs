// The Node side of the Java test harness (io.github.socketiospringboot.test.NodeScripts):
// a script reports what happens as JSON lines on stdout, one event per line, and reads
// commands as JSON lines on stdin. When stdin ends (the test closed it, or the JVM died)
// the script exits, so no client outlives its test.
import { createInterface } from "node:readline";

/**
 * Writes one event line: {"event": name, ...fields}. Pipes are synchronous on Linux, so the
 * line is out before the next statement runs.
 */
export function emit(event, fields = {}) {
  process.stdout.write(JSON.stringify({ event, ...fields }) + "\n");
}

/**
 * Calls handlers[command.cmd](command) for each JSON line read from stdin, in order; an
 * unknown command or a handler that throws is reported as a "commandError" event. The
 * handler may return a promise: the next command waits for it.
 */
export function onCommands(handlers) {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let chain = Promise.resolve();
  lines.on("line", (line) => {
    if (line.trim() === "") {
      return;
    }
    chain = chain.then(async () => {
      let command;
      try {
        command = JSON.parse(line);
        const handler = handlers[command.cmd];
        if (!handler) {
          throw new Error(`unknown command ${JSON.stringify(command.cmd)}`);
        }
        await handler(command);
      } catch (err) {
        emit("commandError", { command: command ?? line, error: describe(err) });
      }
    });
  });
  lines.on("close", () => {
    chain.finally(() => process.exit(0));
  });
}

/**
 * Turns a message payload into JSON fields: {text} for a string, {binary: base64, type} for
 * binary data, so that binary stays recognisable as binary on the Java side; {json, type}
 * for any other value (arrays and objects with binary data at any depth, see encodeValue);
 * {type: "undefined"} when there is no data at all.
 */
export function encodeData(data) {
  if (data === undefined) {
    return { type: "undefined" };
  }
  if (typeof data === "string") {
    return { text: data };
  }
  if (isBinary(data)) {
    const { $binary, $type } = encodeValue(data);
    return { binary: $binary, type: $type };
  }
  if (typeof data === "function") {
    return { other: describe(data), type: typeof data };
  }
  return { json: encodeValue(data), type: Array.isArray(data) ? "array" : typeof data };
}

/**
 * The reverse of encodeData for a command's message: {text} gives a string, {binary, as}
 * gives a Buffer (default), a Uint8Array or an ArrayBuffer, {json} gives decodeValue(json).
 */
export function decodeData(message) {
  if (typeof message === "string") {
    return message;
  }
  if (message.text !== undefined) {
    return message.text;
  }
  if (message.json !== undefined) {
    return decodeValue(message.json);
  }
  return toBinary(message.binary, message.as);
}

function isBinary(value) {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

/**
 * A JSON-safe copy of any value with binary data at any depth: each Buffer, typed array or
 * ArrayBuffer becomes {"$binary": base64, "$type": "Buffer" | "Uint8Array" | "ArrayBuffer"
 * | ...}; undefined becomes {"$undefined": true} (in arrays too, where JSON would write
 * null); functions become {"$function": true}.
 */
export function encodeValue(value) {
  if (value === undefined) {
    return { $undefined: true };
  }
  if (typeof value === "function") {
    return { $function: true };
  }
  if (value === null || typeof value !== "object") {
    return value;
  }
  if (value instanceof ArrayBuffer) {
    return { $binary: Buffer.from(value).toString("base64"), $type: "ArrayBuffer" };
  }
  if (ArrayBuffer.isView(value)) {
    const type = Buffer.isBuffer(value) ? "Buffer" : value.constructor.name;
    return { $binary: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64"), $type: type };
  }
  if (Array.isArray(value)) {
    return value.map(encodeValue);
  }
  const out = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = encodeValue(field);
  }
  return out;
}

/**
 * The reverse of encodeValue for a command's value: {"$binary": base64, "$as": "Buffer"
 * (default) | "Uint8Array" | "ArrayBuffer"} gives binary data, {"$undefined": true} gives
 * undefined, at any depth of arrays and objects.
 */
export function decodeValue(value) {
  if (value === null || typeof value !== "object") {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(decodeValue);
  }
  if (typeof value.$binary === "string") {
    return toBinary(value.$binary, value.$as ?? value.$type);
  }
  if (value.$undefined === true) {
    return undefined;
  }
  const out = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = decodeValue(field);
  }
  return out;
}

function toBinary(base64, as) {
  const buffer = Buffer.from(base64, "base64");
  switch (as ?? "Buffer") {
    case "Buffer":
      return buffer;
    case "Uint8Array":
      return new Uint8Array(buffer);
    case "ArrayBuffer":
      return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
    default:
      throw new Error(`unknown binary type ${as}`);
  }
}

const DESCRIBED_KEYS = ["name", "message", "type", "description", "context", "code", "reason", "wasClean",
  "status", "statusText", "errno", "syscall", "data"];

/**
 * A JSON-safe summary of an error, close description or event object (TransportError,
 * the ws CloseEvent, an XMLHttpRequest): the fields a test may want to assert on.
 */
export function describe(value, depth = 0) {
  if (value === null || value === undefined || typeof value !== "object") {
    return typeof value === "function" ? "[function]" : value;
  }
  if (depth > 3) {
    return String(value);
  }
  if (Array.isArray(value)) {
    return value.map((item) => describe(item, depth + 1));
  }
  const out = {};
  for (const key of DESCRIBED_KEYS) {
    let field;
    try {
      field = value[key];
    } catch (err) {
      continue;
    }
    if (field !== undefined && typeof field !== "function") {
      out[key] = describe(field, depth + 1);
    }
  }
  if (Object.keys(out).length === 0) {
    out.string = String(value);
  }
  return out;
}

/** Reports an uncaught error as an event, then exits with status 1. */
export function reportCrashes() {
  const crash = (err) => {
    emit("crash", { error: describe(err), stack: err?.stack });
    process.exit(1);
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
}

/**
 * JSON values as they cross the pipe: binary data (a Buffer, an ArrayBuffer or a typed array)
 * becomes {"$binary": "<base64>"} at any depth, so that the Java side can tell it from text.
 */
export function fromWire(value) {
  if (Buffer.isBuffer(value) || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    const buffer = Buffer.isBuffer(value) ? value
      : value instanceof ArrayBuffer ? Buffer.from(value)
      : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return { $binary: buffer.toString("base64") };
  }
  if (value instanceof Set) {
    return [...value].map(fromWire);
  }
  if (Array.isArray(value)) {
    return value.map(fromWire);
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromWire(item)]));
  }
  return value;
}

/** The reverse of fromWire, for the arguments of a command: {"$binary": ...} becomes a Buffer. */
export function toWire(value) {
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
