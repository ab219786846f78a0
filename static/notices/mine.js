// The journalist's notices page: subscribe this browser to Web Push through the service worker
// (the server's VAPID key as applicationServerKey) and hand the subscription to the server.
(function () {
  "use strict";
  var box = document.getElementById("push-box");
  if (!box) return;
  var on = document.getElementById("push-on");
  var off = document.getElementById("push-off");
  var status = document.getElementById("push-status");
  var csrf = document.querySelector("input[name=csrf_token]").value;

  function say(text) { status.textContent = text; }

  function keyBytes(b64) {
    var s = (b64 + "===".slice((b64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(s);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body),
      credentials: "same-origin",
    }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) throw new Error(data.error || "HTTP " + r.status);
        return data;
      });
    });
  }

  function shown(subscribed) { on.hidden = subscribed; off.hidden = !subscribed; }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !window.isSecureContext) {
    on.disabled = true;
    say(status.dataset.unsupported);
    return;
  }

  var registration = navigator.serviceWorker.register(box.dataset.swUrl, { scope: box.dataset.swScope });
  registration.then(function (reg) { return reg.pushManager.getSubscription(); })
    .then(function (sub) { shown(!!sub); })
    .catch(function () {});

  on.addEventListener("click", function () {
    on.disabled = true;
    Notification.requestPermission()
      .then(function (permission) {
        if (permission !== "granted") throw new Error("denied");
        return registration;
      })
      .then(function (reg) {
        return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(box.dataset.vapidKey) });
      })
      .then(function (sub) { return post(box.dataset.subscribeUrl, sub.toJSON()); })
      .then(function (data) { say(data.message); shown(true); })
      .catch(function (err) { say(err.message === "denied" ? status.dataset.denied : status.dataset.failed); })
      .finally(function () { on.disabled = false; });
  });

  off.addEventListener("click", function () {
    registration
      .then(function (reg) { return reg.pushManager.getSubscription(); })
      .then(function (sub) {
        if (!sub) return { message: "" };
        return post(box.dataset.unsubscribeUrl, { endpoint: sub.endpoint }).then(function (data) {
          return sub.unsubscribe().then(function () { return data; });
        });
      })
      .then(function (data) { say(data.message); shown(false); })
      .catch(function () { say(status.dataset.failed); });
  });
})();
