// The production server (`npm start`): Next's own request handler behind a plain
// node:http server, for one reason. `next start` keeps whatever X-Forwarded-For a
// client sends, so an app reached directly cannot learn who is calling; this server
// hands the app the real socket address instead, in a header no client can forge
// (lib/auth/client-address.ts reads it). Usage: node server.mjs [-p port] [-H host]
import { createHmac, randomBytes } from "node:crypto";
import { createServer } from "node:http";

const PEER_ADDRESS_HEADER = "x-tavolo-peer-address";
const PEER_SIGNATURE_HEADER = "x-tavolo-peer-signature";

function option(flags, fallback) {
  const args = process.argv.slice(2);
  const at = args.findIndex((arg) => flags.includes(arg));
  return at >= 0 && args[at + 1] ? args[at + 1] : fallback;
}

const port = Number(option(["-p", "--port"], process.env.PORT || "3000"));
const hostname = option(["-H", "--hostname"], process.env.HOSTNAME || "0.0.0.0");

// Before Next loads: the secret exists only in this process (and its children), so a
// header signed with it can only come from the handler below. Whatever was set from
// outside is replaced: nobody else may know it.
const secret = randomBytes(32).toString("hex");
process.env.TAVOLO_PEER_SECRET = secret;
process.env.NODE_ENV ??= "production";

const { default: next } = await import("next");
const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();

try {
  // Runs instrumentation.ts, which stops the process on a configuration that cannot serve.
  await app.prepare();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

createServer((req, res) => {
  // Node joins repeated headers; drop every client-sent copy, then set ours.
  delete req.headers[PEER_ADDRESS_HEADER];
  delete req.headers[PEER_SIGNATURE_HEADER];
  const address = req.socket.remoteAddress;
  if (address) {
    req.headers[PEER_ADDRESS_HEADER] = address;
    req.headers[PEER_SIGNATURE_HEADER] = createHmac("sha256", secret).update(address).digest("hex");
  }
  handle(req, res);
})
  .on("error", (error) => {
    console.error(error.message);
    process.exit(1);
  })
  .listen(port, hostname, () => {
    console.log(`> Tavolo ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`);
  });
