// Builds the feedback form's service worker with Workbox (issue 14): `npm run build:sw`,
// run by `make install`. Writes static/feedback/pwa/build/: sw.js (feedback/pwa/sw.src.js
// with the precache manifest of the form's shell injected), the Workbox runtime (served
// locally, no CDN) and shell.json (the static names, which Django resolves to their URLs
// when it serves /feedback/sw.js).
import { copyWorkboxLibraries, injectManifest } from "workbox-build";
import { mkdir, rm, writeFile } from "node:fs/promises";

const OUT = "static/feedback/pwa/build";
// [folder on disk, static prefix, files]: the shell of the form and the kiosk.
const SHELL = [
  ["node_modules/bootstrap/dist/", "vendor/bootstrap/", ["css/bootstrap.min.css", "js/bootstrap.bundle.min.js"]],
  [
    "node_modules/bootstrap-icons/font/",
    "vendor/bootstrap-icons/",
    ["bootstrap-icons.min.css", "fonts/bootstrap-icons.woff2"],
  ],
  ["node_modules/idb/build/", "vendor/idb/", ["umd.js"]],
  [
    "static/",
    "",
    [
      "css/app.css",
      "js/app.js",
      "img/favicon.svg",
      "feedback/feedback.css",
      "feedback/feedback.js",
      "feedback/kiosk.js",
      "feedback/offline.js",
      "feedback/offline-queue.js",
      "feedback/pwa/icon-192.png",
      "feedback/pwa/icon-512.png",
      "feedback/pwa/icon.svg",
    ],
  ],
];

const toName = new Map();
for (const [folder, prefix, files] of SHELL) {
  for (const file of files) toName.set(folder + file, prefix + file);
}

await rm(OUT, { recursive: true, force: true });
await mkdir(OUT, { recursive: true });
const workbox = await copyWorkboxLibraries(OUT);
const { count, size, warnings } = await injectManifest({
  swSrc: "feedback/pwa/sw.src.js",
  swDest: `${OUT}/sw.js`,
  globDirectory: ".",
  globPatterns: [...toName.keys()],
  globStrict: true,
  globIgnores: [],
  manifestTransforms: [
    async (entries) => ({ manifest: entries.map((entry) => ({ ...entry, url: toName.get(entry.url) ?? entry.url })) }),
  ],
});
for (const warning of warnings) console.warn(warning);
if (count !== toName.size) throw new Error(`precached ${count} files, expected ${toName.size}`);
await writeFile(`${OUT}/shell.json`, JSON.stringify({ workbox, files: [...toName.values()] }, null, 2) + "\n");
console.log(`service worker: ${count} files (${size} bytes) precached; Workbox in ${OUT}/${workbox}`);
