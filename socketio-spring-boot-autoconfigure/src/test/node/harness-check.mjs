// Exercises the Java harness itself (NodeScriptsTests): not a client of the server.
//
// Usage: node harness-check.mjs [args...]
// Events: ready {args}, echo {value}, even/odd {i}, commandError, crash; one line that is not JSON.
// Commands: echo {value}, many {count}, fail {message}, crash {message}, exit {code},
//           stderr {text}
import { emit, onCommands, reportCrashes } from "./lib/harness.mjs";

reportCrashes();
emit("ready", { args: process.argv.slice(2) });
console.log("a line that is not JSON");

onCommands({
  echo(command) {
    emit("echo", { value: command.value });
  },
  many(command) {
    for (let i = 0; i < command.count; i++) {
      emit(i % 2 === 0 ? "even" : "odd", { i });
    }
  },
  fail(command) {
    throw new Error(command.message);
  },
  crash(command) {
    setImmediate(() => {
      throw new Error(command.message);
    });
  },
  stderr(command) {
    process.stderr.write(command.text + "\n");
  },
  exit(command) {
    process.exit(command.code);
  },
});
