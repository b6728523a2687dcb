// The official Socket.IO Admin UI (the static build of @socket.io/admin-ui, served by the
// test from another origin than the server's) in Debian's Chromium, driven through
// playwright-core: logs in, waits for the sockets list to show the given socket ids, and
// clicks the disconnect button of the first one.
//
// Usage: node admin-ui.mjs <ui url> <server url> <chromium> <username> <password> <id to disconnect> [other ids...]
// Prints one JSON line per step ({"event": "<step>", ...}) and exits 0 on success.
import { chromium } from "playwright-core";

const [uiUrl, serverUrl, executablePath, username, password, target, ...others] = process.argv.slice(2);
const step = (name, detail) => console.log(JSON.stringify({ event: name, ...detail }));
const deadline = setTimeout(() => { step("timeout"); process.exit(2); }, 80_000);

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-extensions", "--no-first-run", "--mute-audio", "--disable-quic", "--disable-component-update",
    "--disable-sync"],
});
try {
  const page = await (await browser.newContext()).newPage();
  page.on("pageerror", (error) => step("pageerror", { message: String(error) }));
  // the UI's page links web fonts and icons from CDNs: nothing leaves the machine
  const local = [new URL(uiUrl).host, new URL(serverUrl).host];
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    return (url.protocol === "data:" || local.includes(url.host)) ? route.continue() : route.abort();
  });
  await page.goto(uiUrl + "/");

  await page.getByLabel("Server URL").fill(serverUrl);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.locator("form button[type=submit]").click();
  await page.getByLabel("Server URL").waitFor({ state: "hidden", timeout: 20_000 });
  step("loggedIn");

  await page.goto(uiUrl + "/#/sockets/");
  for (const id of [target, ...others]) {
    await page.locator("tbody tr", { hasText: id }).waitFor({ timeout: 20_000 });
  }
  step("listed", { ids: [target, ...others] });

  await page.locator("tbody tr", { hasText: target }).locator("button").click();
  step("clicked", { id: target });
  // the click reaches the row too, which opens the socket's page: back to the list, where
  // the UI, told of the disconnection, no longer shows it; the others stay
  await page.goto(uiUrl + "/#/sockets/");
  for (const id of others) {
    await page.locator("tbody tr", { hasText: id }).waitFor({ timeout: 20_000 });
  }
  await page.waitForFunction((id) => ![...document.querySelectorAll("tbody tr")]
    .some((row) => row.textContent.includes(id)), target, { timeout: 20_000 });
  step("removed", { id: target });

  await page.goto(uiUrl + "/#/servers/");
  await page.locator("tbody tr").first().waitFor({ timeout: 20_000 });
  step("servers", { text: (await page.locator("tbody").innerText()).replace(/\s+/g, " ") });
  await page.screenshot({ path: "../../../target/admin-ui-browser-test.png" }).catch(() => {});
  step("done");
} catch (error) {
  step("failed", { message: String(error && error.stack || error) });
  process.exitCode = 1;
} finally {
  clearTimeout(deadline);
  await browser.close();
}
