// The hall screen: fetch the state every few seconds and redraw it; when the network drops,
// keep the last state on screen and say so discreetly (the corner note), never a blank page.
(function () {
  "use strict";
  var root = document.getElementById("screen");
  if (!root) return;
  var url = root.dataset.stateUrl;
  var every = (parseInt(root.dataset.refresh, 10) || 10) * 1000;
  var lastTime = document.getElementById("time").textContent;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fill(list, items, make) {
    var nodes = items.map(make);
    if (!nodes.length) nodes = [el("li", "empty", list.dataset.empty)];
    list.replaceChildren.apply(list, nodes);
  }

  function draw(state) {
    document.getElementById("event-name").textContent = state.event;
    document.getElementById("date").textContent = state.date;
    document.getElementById("time").textContent = state.time;
    fill(document.getElementById("programme"), state.programme, function (c) {
      var li = el("li", "phase-" + c.phase);
      li.dataset.id = c.id;
      li.append(el("span", "when", c.starts + "–" + c.ends));
      if (state.labels[c.phase]) li.append(el("span", "tag", state.labels[c.phase]));
      if (c.changed) li.append(el("span", "tag tag-changed", state.labels.changed));
      li.append(el("span", "title", c.title), el("span", "room", c.room));
      return li;
    });
    fill(document.getElementById("notices"), state.notices, function (n) {
      var li = el("li");
      li.append(el("span", "when", n.at), document.createTextNode(" " + n.body));
      if (n.body_en) { var en = el("span", "en", n.body_en); en.lang = "en"; li.append(en); }
      return li;
    });
    fill(document.getElementById("releases"), state.releases, function (r) {
      var li = el("li");
      li.append(el("span", "when", r.at), document.createTextNode(" " + r.title));
      return li;
    });
  }

  function offline(on) {
    var note = document.getElementById("offline");
    note.hidden = !on;
    root.dataset.online = on ? "no" : "yes";
    if (on) note.textContent = root.dataset.offline.replace("{time}", lastTime);
  }

  function poll() {
    fetch(url, { cache: "no-store", credentials: "omit" })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
      .then(function (state) {
        draw(state);
        lastTime = state.time;
        offline(false);
      })
      .catch(function () { offline(true); })
      .finally(function () { setTimeout(poll, every); });
  }
  setTimeout(poll, every);
})();
