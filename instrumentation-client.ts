import { config } from "zod/v4/core";

// The Content-Security-Policy (proxy.ts) forbids eval. Zod 4 compiles object parsers with
// `new Function` when it can, and probes for that the first time a schema is built: the
// probe fails harmlessly but the browser reports it as a policy violation on every page
// with a form. Jitless mode skips the probe and the compiler. This file runs before any
// page module, so before the form schemas are built. The server keeps the compiled parsers.
// `config` from zod's core (the global configuration every schema reads) rather than `z`, so
// that pages without a form do not download the whole of zod for this one line.
config({ jitless: true });
