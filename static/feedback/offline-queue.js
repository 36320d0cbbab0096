/* The queue of feedback submitted without a network (issue 14), shared by the page
 * (feedback/offline.js) and the service worker (Background Sync). Each submission is
 * kept in IndexedDB with its idempotency key and the time the citizen made it, and is
 * sent to POST /api/v1/feedback/ until the server has answered:
 *   201 -> "sent", with the tracking code (kept a day to be shown);
 *   400 -> "refill": the form was out of date (a unit or service gone, too old); it
 *          stays on the device until the citizen has filled it in again;
 *   no network, 429, 5xx -> stays "waiting", tried again later.
 * Sending the same item twice is harmless: the server answers the first row. */
(function (root) {
  "use strict";

  var DB_NAME = "km-feedback";
  var STORE = "outbox";
  var CHANNEL = "km-feedback";
  var SENT_KEEP_MS = 24 * 3600 * 1000;
  var dbPromise = null;

  function db() {
    if (!dbPromise) {
      dbPromise = root.idb.openDB(DB_NAME, 1, {
        upgrade: function (database) {
          database.createObjectStore(STORE, { keyPath: "key" });
        },
      });
    }
    return dbPromise;
  }

  function announce() {
    if (typeof BroadcastChannel === "undefined") return;
    var channel = new BroadcastChannel(CHANNEL);
    channel.postMessage("changed");
    channel.close();
  }

  function all() {
    return db().then(function (database) { return database.getAll(STORE); }).then(function (items) {
      return items.sort(function (a, b) { return a.createdAt < b.createdAt ? -1 : 1; });
    });
  }

  function put(item) {
    return db().then(function (database) { return database.put(STORE, item); }).then(function () {
      announce();
      return item;
    });
  }

  function remove(key) {
    return db().then(function (database) { return database.delete(STORE, key); }).then(announce);
  }

  function add(payload, options) {
    var item = {
      key: root.crypto.randomUUID(),
      createdAt: new Date().toISOString(),
      payload: payload,
      kiosk: Boolean(options && options.kiosk),
      status: "waiting",
      trackingCode: null,
      errors: null,
    };
    return put(item);
  }

  function send(url, item) {
    var headers = { "Content-Type": "application/json", Accept: "application/json", "Idempotency-Key": item.key };
    // The kiosk's device cookie identifies it (the API asks for this header to use it).
    if (item.kiosk) headers["X-Kiosk-Cookie"] = "1";
    var body = Object.assign({}, item.payload, { submitted_at: item.createdAt });
    return fetch(url, { method: "POST", credentials: "same-origin", headers: headers, body: JSON.stringify(body) });
  }

  function sendOne(url, item) {
    return send(url, item).then(function (response) {
      if (response.status === 201) {
        return response.json().then(function (data) {
          item.status = "sent";
          item.trackingCode = data.tracking_code;
          item.sentAt = new Date().toISOString();
          return put(item).then(function () { return "sent"; });
        });
      }
      if (response.status === 400 || response.status === 413) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          item.status = "refill";
          item.errors = data.errors || {};
          item.detail = data.detail || "";
          return put(item).then(function () { return "refill"; });
        });
      }
      return "later"; // 429, 5xx: try again later
    }, function () {
      return "offline";
    });
  }

  var running = null;

  function flush(url) {
    if (running) return running;
    running = all().then(function (items) {
      var now = Date.now();
      var result = { sent: 0, refill: 0, offline: false };
      var chain = Promise.resolve();
      items.forEach(function (item) {
        if (item.status === "sent" && now - Date.parse(item.sentAt) > SENT_KEEP_MS) {
          chain = chain.then(function () { return remove(item.key); });
        }
        if (item.status !== "waiting") return;
        chain = chain.then(function () {
          if (result.offline) return null;
          return sendOne(url, item).then(function (outcome) {
            if (outcome === "sent") result.sent += 1;
            else if (outcome === "refill") result.refill += 1;
            else result.offline = true;
          });
        });
      });
      return chain.then(function () { return result; });
    }).finally(function () {
      running = null;
    });
    return running;
  }

  root.kmFeedbackQueue = { add: add, all: all, put: put, remove: remove, flush: flush, CHANNEL: CHANNEL, SYNC_TAG: "km-feedback-send" };
})(self);
