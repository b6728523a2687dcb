// Two browser pages on the sample chat: both connect with the official client (polling, then the
// upgrade to WebSocket); a message typed in one appears in the other. Prints one JSON line per step
// and exits 0 on success. Usage: node chat.mjs <base url> <chromium executable>
import { chromium } from "playwright-core";

const [base, executablePath] = process.argv.slice(2);
const step = (name, detail) => console.log(JSON.stringify({ step: name, ...detail }));
const deadline = setTimeout(() => { step("timeout"); process.exit(2); }, 60_000);

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-extensions", "--no-first-run", "--mute-audio", "--disable-quic", "--disable-component-update",
    "--disable-sync"],
});
try {
  const open = async () => {
    const page = await (await browser.newContext()).newPage();
    page.on("pageerror", (error) => step("pageerror", { message: String(error) }));
    await page.goto(base + "/");
    await page.waitForFunction(() => window.__events && window.__events.some((e) => e.name === "connect"));
    await page.waitForFunction(() => window.__events.some((e) => e.name === "upgrade"), null, { timeout: 20_000 });
    const transport = await page.textContent("#transport");
    step("connected", { transport });
    return page;
  };
  const alice = await open();
  const bob = await open();

  await alice.fill("#text", "hello from alice");
  await alice.selectOption("#to", "others");
  await alice.click("#message-form button");
  await alice.waitForFunction(() => window.__events.some((e) => e.name === "ack" && e.payload.status === "delivered"));
  await bob.waitForFunction(() => window.__events.some((e) => e.name === "message" && e.payload.text === "hello from alice"));
  await bob.waitForSelector("#log >> text=hello from alice");
  const aliceGotOwn = await alice.evaluate(() => window.__events.some((e) => e.name === "message"));
  step("delivered", { bobSaw: true, aliceGotOwn });
  if (aliceGotOwn) throw new Error("'everyone but me' reached the sender");
  await bob.screenshot({ path: "../../../target/chat-browser-test.png" }).catch(() => {});
  step("done");
} catch (error) {
  step("failed", { message: String(error && error.stack || error) });
  process.exitCode = 1;
} finally {
  clearTimeout(deadline);
  await browser.close();
}
