/* The service worker of the public feedback form and the kiosk (issue 14), scope
 * /feedback/. Built by scripts/build-sw.mjs (Workbox injectManifest); Django serves it
 * at /feedback/sw.js with self.KM_CONFIG (the static addresses) in front.
 *
 * - precaches the shell (CSS, JS, fonts, icons) of the form;
 * - keeps the last copy of the form and the kiosk page (network first, the cached
 *   copy when offline); staff pages are never cached;
 * - keeps the data bundle (units, services, questions) up to date, network first;
 * - sends the submissions waiting in IndexedDB on Background Sync. */
/* global workbox, kmFeedbackQueue */
"use strict";

var KM = self.KM_CONFIG;
importScripts(KM.workbox + "workbox-sw.js");
workbox.setConfig({ modulePathPrefix: KM.workbox, debug: false });
importScripts.apply(self, KM.scripts);

var PAGES = "km-feedback-pages";
var STATIC = "km-feedback-static";

workbox.core.setCacheNameDetails({ prefix: "km-feedback" });
workbox.precaching.cleanupOutdatedCaches();
workbox.precaching.precacheAndRoute(
  self.__WB_MANIFEST.map(function (entry) {
    return { url: KM.static[entry.url] || entry.url, revision: entry.revision };
  }),
  // Bootstrap Icons asks for its fonts with a version query.
  { ignoreURLParametersMatching: [/.*/] }
);

// A page marked X-Offline-Cache: no (the kiosk's thank-you with one citizen's tracking code) is never kept.
function storable(response) {
  return response.ok && !response.redirected && response.headers.get("X-Offline-Cache") !== "no";
}
var storablePages = {
  cacheWillUpdate: function (options) {
    return Promise.resolve(storable(options.response) ? options.response : null);
  },
};

function isPage(url) {
  return KM.pages.indexOf(url.pathname) !== -1;
}

workbox.routing.registerRoute(
  function (options) {
    return options.request.mode === "navigate" && isPage(options.url);
  },
  new workbox.strategies.NetworkFirst({
    cacheName: PAGES,
    networkTimeoutSeconds: 6,
    matchOptions: { ignoreSearch: true },
    plugins: [storablePages],
  })
);

workbox.routing.registerRoute(
  function (options) {
    return options.url.pathname === KM.bundle;
  },
  new workbox.strategies.NetworkFirst({ cacheName: PAGES, networkTimeoutSeconds: 6 })
);

workbox.routing.registerRoute(
  function (options) {
    return options.url.origin === self.location.origin && options.url.pathname.indexOf("/static/") === 0;
  },
  new workbox.strategies.StaleWhileRevalidate({
    cacheName: STATIC,
    plugins: [new workbox.cacheableResponse.CacheableResponsePlugin({ statuses: [200] })],
  })
);

self.addEventListener("install", function (event) {
  // The pages and the bundle as they are now, so that the next visit works offline.
  event.waitUntil(
    caches.open(PAGES).then(function (cache) {
      return Promise.all(
        KM.pages.concat([KM.bundle]).map(function (url) {
          return fetch(url, { credentials: "same-origin" }).then(function (response) {
            // The kiosk page redirects an unpaired browser: nothing to keep then.
            if (storable(response)) return cache.put(url, response);
            return null;
          }).catch(function () { return null; });
        })
      );
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("sync", function (event) {
  if (event.tag === kmFeedbackQueue.SYNC_TAG) {
    event.waitUntil(kmFeedbackQueue.flush(KM.submit).then(function (result) {
      // Rejecting asks the browser to try the sync again later.
      if (result.offline) throw new Error("still offline");
    }));
  }
});

self.addEventListener("message", function (event) {
  if (event.data === "km-feedback-flush") event.waitUntil(kmFeedbackQueue.flush(KM.submit));
});
