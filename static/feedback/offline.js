/* The offline-first feedback form and kiosk (issue 14). With a network the form is
 * posted as usual. Without one, the form is checked here, kept in IndexedDB
 * (feedback/offline-queue.js) with an idempotency key and the time it was made, and
 * the citizen gets an offline receipt. Waiting submissions are sent by themselves:
 * Background Sync where the browser has it, else the `online` event or the next page
 * load. The panel #fb-offline shows how many wait, the tracking codes once accepted,
 * and the ones the server refused because the form had changed (to fill in again). */
(function () {
  "use strict";

  var panel = document.getElementById("fb-offline");
  var form = document.querySelector("form[data-offline-form]");
  var queue = window.kmFeedbackQueue;
  if (!panel || !form || !queue || !window.indexedDB) return;
  var msg = panel.dataset;
  var isKiosk = form.hasAttribute("data-kiosk");
  var registration = null;
  var SCORES = ["u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function groupCode(code) {
    return (code || "").replace(/(.{4})(?=.)/g, "$1-");
  }

  function localTime(iso) {
    return new Date(iso).toLocaleString(document.documentElement.lang || undefined);
  }

  function flush() {
    return queue.flush(msg.submit).then(render, render);
  }

  /* --- the panel ------------------------------------------------------------ */

  function render() {
    var note = document.getElementById("fb-offline-note");
    note.textContent = msg.msgOffline;
    note.hidden = navigator.onLine;
    return queue.all().then(function (items) {
      var mine = items.filter(function (item) { return item.kiosk === isKiosk; });
      var waiting = mine.filter(function (item) { return item.status === "waiting"; });
      var count = document.getElementById("fb-offline-count");
      count.textContent = msg.msgWaiting + " " + waiting.length;
      count.hidden = waiting.length === 0;
      count.dataset.waiting = String(waiting.length);
      var list = document.getElementById("fb-offline-queue");
      list.replaceChildren();
      mine.forEach(function (item) {
        if (item.status === "sent") list.appendChild(sentCard(item));
        else if (item.status === "refill") list.appendChild(refillCard(item));
      });
    });
  }

  function sentCard(item) {
    var box = el("div", "alert alert-success");
    box.dataset.offlineSent = item.key;
    box.appendChild(el("span", "", msg.msgSent + " "));
    var code = el("strong", "font-monospace", groupCode(item.trackingCode));
    code.dataset.trackingCode = item.trackingCode;
    box.appendChild(code);
    box.appendChild(el("span", "small d-block", msg.msgMade + " " + localTime(item.createdAt)));
    return box;
  }

  function refillCard(item) {
    var box = el("div", "alert alert-danger");
    box.dataset.offlineRefill = item.key;
    box.appendChild(el("p", "fw-semibold mb-1", msg.msgRefill));
    Object.keys(item.errors || {}).forEach(function (field) {
      [].concat(item.errors[field]).forEach(function (text) { box.appendChild(el("p", "mb-1 small", text)); });
    });
    box.appendChild(el("p", "small mb-1", msg.msgMade + " " + localTime(item.createdAt)));
    box.appendChild(el("blockquote", "border-start ps-2 mb-2", item.payload.message));
    var again = el("button", "btn btn-sm btn-primary me-2", msg.msgRefillButton);
    again.type = "button";
    again.addEventListener("click", function () {
      fill(item.payload);
      queue.remove(item.key).then(render);
      form.scrollIntoView();
    });
    var discard = el("button", "btn btn-sm btn-outline-dark", msg.msgDiscard);
    discard.type = "button";
    discard.addEventListener("click", function () { queue.remove(item.key).then(render); });
    box.appendChild(again);
    box.appendChild(discard);
    return box;
  }

  /* --- the form ------------------------------------------------------------- */

  function field(name) {
    return form.elements.namedItem(name);
  }

  function value(name) {
    var input = field(name);
    if (!input) return "";
    if (input instanceof RadioNodeList) return input.value;
    if (input.type === "checkbox") return input.checked ? input.value || "on" : "";
    return input.value;
  }

  function setValue(name, data) {
    var input = field(name);
    if (!input || data === undefined || data === null) return;
    if (input instanceof RadioNodeList) {
      Array.prototype.forEach.call(input, function (radio) { radio.checked = radio.value === String(data); });
    } else {
      input.value = data;
    }
  }

  function fill(payload) {
    setValue("service", payload.service);
    SCORES.forEach(function (name) { setValue(name, payload.scores[name.toUpperCase()]); });
    ["kind", "message", "gender", "age_band", "education", "occupation", "contact_name", "contact"].forEach(function (name) {
      setValue(name, payload[name]);
    });
    setValue("privacy", payload.anonymous ? "anonymous" : "confidential");
  }

  function validate() {
    var errors = [];
    function fail(name, text) {
      errors.push(text);
      var input = field(name);
      var inputs = input instanceof RadioNodeList ? Array.prototype.slice.call(input) : input ? [input] : [];
      inputs.forEach(function (node) {
        node.classList.add("is-invalid");
        node.setAttribute("aria-invalid", "true");
      });
    }
    form.querySelectorAll(".is-invalid[aria-invalid]").forEach(function (node) {
      node.classList.remove("is-invalid");
      node.removeAttribute("aria-invalid");
    });
    if (!value("unit")) fail("unit", msg.msgUnit);
    SCORES.forEach(function (name) {
      if (!value(name)) fail(name, name.toUpperCase() + ": " + msg.msgScore);
    });
    if (!value("kind")) fail("kind", msg.msgKind);
    if (value("message").trim().length < 10) fail("message", msg.msgMessage);
    var anonymous = value("privacy") !== "confidential";
    if (anonymous && (value("contact_name").trim() || value("contact").trim())) fail("contact", msg.msgAnonymous);
    if (!value("consent")) fail("consent", msg.msgConsent);
    return errors;
  }

  function payload() {
    var scores = {};
    SCORES.forEach(function (name) { scores[name.toUpperCase()] = parseInt(value(name), 10); });
    var anonymous = value("privacy") !== "confidential";
    var data = {
      unit: value("unit"),
      service: value("service"),
      scores: scores,
      kind: value("kind"),
      message: value("message").trim(),
      anonymous: anonymous,
      gender: value("gender"),
      age_band: value("age_band"),
      education: value("education"),
      occupation: value("occupation"),
      website: value("website"),
    };
    if (!anonymous) {
      data.contact_name = value("contact_name").trim();
      data.contact = value("contact").trim();
    }
    return data;
  }

  function showErrors(errors) {
    var box = document.getElementById("fb-offline-errors");
    box.replaceChildren(el("p", "mb-1", msg.msgInvalid));
    var list = el("ul", "mb-0");
    errors.forEach(function (text) { list.appendChild(el("li", "", text)); });
    box.appendChild(list);
    box.hidden = false;
    box.focus();
  }

  function showReceipt(item) {
    var box = document.getElementById("fb-offline-receipt");
    box.replaceChildren(
      el("p", "h5 mb-2", msg.msgSaved),
      el("p", "fw-semibold mb-1", msg.msgReceipt),
      el("p", "mb-1", msg.msgReceiptNumber + " " + item.key.slice(0, 8).toUpperCase()),
      el("p", "mb-1", msg.msgMade + " " + localTime(item.createdAt)),
      el("p", "small mb-0", msg.msgReceiptNote)
    );
    box.dataset.receipt = item.key;
    box.hidden = false;
    box.focus();
  }

  form.addEventListener("submit", function (event) {
    if (navigator.onLine) return; // with a network: the usual post
    event.preventDefault();
    document.getElementById("fb-offline-receipt").hidden = true;
    var errors = validate();
    if (errors.length) {
      showErrors(errors);
      return;
    }
    document.getElementById("fb-offline-errors").hidden = true;
    queue.add(payload(), { kiosk: isKiosk }).then(function (item) {
      var unit = value("unit");
      form.reset();
      if (isKiosk) setValue("unit", unit);
      form.querySelectorAll("input[name='privacy']").forEach(function (input) {
        input.dispatchEvent(new Event("change"));
      });
      showReceipt(item);
      if (registration && registration.sync) {
        registration.sync.register(queue.SYNC_TAG).catch(function () { return null; });
      }
      return render();
    });
  });

  /* Offline, the services of the chosen unit come from the cached bundle. */
  var unitSelect = form.querySelector("select[name='unit']");
  if (unitSelect) {
    unitSelect.addEventListener("change", function () {
      if (navigator.onLine) return; // htmx asks the server
      fetch(msg.bundle).then(function (response) { return response.json(); }).then(function (bundle) {
        var select = form.querySelector("select[name='service']");
        if (!select) return;
        var unit = bundle.units.filter(function (u) { return u.code === unitSelect.value; })[0];
        var options = [new Option(msg.msgOtherService, "")];
        (unit ? unit.services : []).forEach(function (s) { options.push(new Option(s.name, s.code)); });
        select.replaceChildren.apply(select, options);
      }).catch(function () { return null; });
    });
  }

  window.addEventListener("online", flush);
  window.addEventListener("offline", render);
  if (typeof BroadcastChannel !== "undefined") {
    new BroadcastChannel(queue.CHANNEL).addEventListener("message", render);
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(msg.sw, { scope: msg.scope }).then(function (reg) {
      registration = reg;
    }).catch(function () { return null; });
  }
  if (navigator.onLine) flush(); else render();
})();
