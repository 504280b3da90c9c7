// Runs the iframe-worker shim with stand-ins for the few browser objects it touches, starts one
// worker, and prints the page the shim writes into its iframe (scripts/offline/search_worker.py).
"use strict";
const vm = require("vm");

let shim = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { shim += chunk; });
process.stdin.on("end", () => {
  let written = null;
  const frame = { document: { open() {}, write(html) { written = html; }, close() {} } };
  const page = {
    EventTarget: class {},
    document: { createElement: () => ({ contentWindow: frame }), body: { appendChild() {} } },
    location: { protocol: "https:" },
    onmessage: null,
    onerror: null,
  };
  page.window = page;
  vm.createContext(page);
  vm.runInContext(shim, page, { timeout: 2000 });
  if (typeof page.IFrameWorker !== "function") throw new Error("the shim defines no IFrameWorker");
  new page.IFrameWorker("${e}");
  if (written === null) throw new Error("the shim wrote no iframe page");
  process.stdout.write(written);
});
