// The scanner page: choose a gate once, scan with a USB hand scanner or the camera,
// show the decision at once; when the server cannot be reached, decide on this device
// from the gate pack, queue the scan and send the queue when the network returns.

import { Camera } from "./camera.js";
import { decideLocally, indexPack, parsePayload, sha256Hex } from "./decide.js";
import { deviceHeaders, deviceRefused, isDevice } from "./device.js";
import * as store from "./store.js";

const root = document.getElementById("scanner");
const cfg = {
  gates: JSON.parse(root.dataset.gates),
  strings: JSON.parse(root.dataset.strings),
  reasons: JSON.parse(root.dataset.reasons),
  assets: JSON.parse(root.dataset.assets),
  event: root.dataset.event,
  scanUrl: root.dataset.scanUrl,
  batchUrl: root.dataset.batchUrl,
  sessionUrl: root.dataset.sessionUrl,
  packUrl: (id) => root.dataset.packUrl.replace("/0/", `/${id}/`),
  swUrl: root.dataset.swUrl,
  workerUrl: root.dataset.workerUrl,
};
const S = cfg.strings;
const GATE_KEY = "presscentre.checkin.gate";
const REQUEST_TIMEOUT_MS = 4000;
const SYNC_EVERY_MS = 5000;
const PACK_EVERY_MS = 5 * 60 * 1000;
const BATCH_SIZE = 100;
const SAME_CODE_PAUSE_MS = 3000;
const ICONS = { accepted: "✓", duplicate: "⚠", denied: "✗", pending: "…" };

const $ = (id) => document.getElementById(id);
const fmt = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => String(values[key] ?? ""));
const canHash = !!(window.isSecureContext && window.crypto && crypto.subtle);

let csrfToken = document.querySelector('meta[name="csrf-token"]').content;
let gate = null;
let index = null;
let syncing = false;
let lastCode = { text: "", at: 0 };
const lastAccepted = new Map(); // token hash → ms of the last accepted scan at this gate

// ----------------------------------------------------------------------------- helpers
function newUuid() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

class HttpError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
  }
}

async function request(url, options = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    // A paired device sends its token (device.js); a staff page sends nothing more.
    const headers = { ...(options.headers || {}), ...deviceHeaders() };
    const response = await fetch(url, { credentials: "same-origin", signal: controller.signal, ...options, headers });
    if (response.status >= 400) {
      let body = null;
      try {
        body = await response.json();
      } catch (error) {
        body = null;
      }
      // The device was revoked, expired or is unknown: wipe its data and say so (never returns).
      if (response.status === 401 && isDevice()) await deviceRefused(body);
      throw new HttpError(response.status, body);
    }
    return response;
  } finally {
    clearTimeout(timer);
  }
}

async function refreshToken() {
  const response = await request(cfg.sessionUrl, { cache: "no-store" });
  csrfToken = (await response.json()).csrf_token;
}

async function postJson(url, body, retried = false) {
  try {
    const response = await request(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
      body: JSON.stringify(body),
    });
    return await response.json();
  } catch (error) {
    // Perhaps an expired CSRF token (the page stayed open for hours): fetch a new one and
    // try once more; a body the server really refuses is refused again, at the cost of one request.
    if (!retried && error instanceof HttpError && error.status === 400) {
      await refreshToken();
      return postJson(url, body, true);
    }
    throw error;
  }
}

const unreachable = (error) => !(error instanceof HttpError) || error.status >= 500;

// ----------------------------------------------------------------------------- status line
function setOnline(online) {
  const badge = $("net-status");
  badge.textContent = online ? `● ${S.online}` : `○ ${S.offline}`;
  badge.className = `badge ${online ? "text-bg-success" : "text-bg-warning"}`;
}

async function showQueue() {
  const count = (await store.queued()).length;
  const badge = $("queue-status");
  badge.textContent = count ? fmt(S.queued, { n: count }) : S.queuedNone;
  badge.dataset.count = String(count);
  badge.className = `badge ${count ? "text-bg-warning" : "text-bg-light border"}`;
}

function showPack(record) {
  const line = $("pack-status");
  if (!record) {
    line.textContent = S.packMissing;
    line.dataset.size = "0";
    return;
  }
  const when = new Date(record.fetchedAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  line.textContent = fmt(S.packLoaded, { n: record.pack.b.length, t: when });
  line.dataset.size = String(record.pack.b.length);
}

// ----------------------------------------------------------------------------- display
function describe(entry) {
  if (entry.result === "pending") return S.unverifiable;
  return entry.reason ? cfg.reasons[entry.reason] || entry.reason : "";
}

function showResult(entry) {
  const box = $("result");
  box.className = `scan-result scan-${entry.result}`;
  box.dataset.result = entry.result;
  box.querySelector(".scan-icon").textContent = ICONS[entry.result];
  box.querySelector(".scan-word").textContent = S[entry.result];
  box.querySelector(".scan-reason").textContent = describe(entry);
  const holder = entry.holder;
  const panel = box.querySelector(".scan-holder");
  panel.hidden = !holder;
  if (holder) {
    box.querySelector(".scan-name").textContent = holder.name;
    box.querySelector(".scan-org").textContent = holder.organisation;
    box.querySelector(".scan-cat").textContent = holder.category_text || holder.category;
    const photo = box.querySelector(".scan-photo");
    photo.hidden = !holder.photo_url;
    if (holder.photo_url) photo.src = holder.photo_url;
    else photo.removeAttribute("src");
  }
  box.querySelector(".scan-note").textContent = entry.local ? S.decidedOffline : "";
}

async function renderRecent() {
  const list = $("recent");
  const entries = await store.recent();
  list.replaceChildren(
    ...entries.map((entry) => {
      const item = document.createElement("li");
      item.className = `recent-item recent-${entry.result}`;
      item.dataset.result = entry.result;
      item.dataset.uuid = entry.client_uuid;
      const time = new Date(entry.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
      const head = document.createElement("div");
      head.innerHTML = "<span class='recent-icon' aria-hidden='true'></span> <strong class='recent-word'></strong> <span class='recent-time text-muted small'></span>";
      head.querySelector(".recent-icon").textContent = ICONS[entry.result];
      head.querySelector(".recent-word").textContent = S[entry.result];
      head.querySelector(".recent-time").textContent = `${time} · ${entry.gateName}`;
      const who = document.createElement("div");
      who.className = "small";
      const reason = describe(entry);
      who.textContent = [entry.holder ? `${entry.holder.name} – ${entry.holder.organisation}` : S.noHolder, reason]
        .filter(Boolean)
        .join(" · ");
      item.append(head, who);
      const notes = [];
      if (entry.local) notes.push(S.decidedOffline);
      if (entry.queued) notes.push(fmt(S.queued, { n: 1 }));
      if (entry.changed) notes.push(fmt(S.changedOnSync, { r: S[entry.localResult] || entry.localResult }));
      if (entry.error) notes.push(entry.error);
      if (notes.length) {
        const note = document.createElement("div");
        note.className = `small recent-note${entry.changed ? " fw-bold" : ""}`;
        note.textContent = notes.join(" · ");
        item.append(note);
      }
      return item;
    }),
  );
}

// ----------------------------------------------------------------------------- gate pack
async function loadPack() {
  const record = await store.getPack(gate.id);
  if (record) index = indexPack(record.pack);
  showPack(record);
  await refreshPack(record);
}

async function refreshPack(record) {
  if (!navigator.onLine || !gate) return;
  const current = record || (await store.getPack(gate.id));
  const headers = current && current.etag ? { "If-None-Match": current.etag } : {};
  try {
    const response = await request(cfg.packUrl(gate.id), { headers, cache: "no-store" });
    let next = current;
    if (response.status === 304 && current) {
      next = { ...current, fetchedAt: Date.now() };
    } else if (response.status === 200) {
      next = { gateId: gate.id, etag: response.headers.get("ETag"), pack: await response.json(), fetchedAt: Date.now() };
      index = indexPack(next.pack);
    }
    await store.putPack(next);
    showPack(next);
    setOnline(true);
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) chooseGate(null);
    else if (unreachable(error)) setOnline(false);
  }
}

// ----------------------------------------------------------------------------- scanning
async function scan(raw) {
  const payload = raw.trim();
  if (!payload || !gate) return;
  const at = new Date();
  const parsed = parsePayload(payload);
  const hash = parsed && canHash ? await sha256Hex(parsed.token) : null;
  const entry = { client_uuid: newUuid(), at: at.getTime(), gateId: gate.id, gateName: gate.name, hash };
  let decision = null;
  if (navigator.onLine) {
    try {
      decision = await postJson(cfg.scanUrl, {
        payload,
        gate_id: gate.id,
        client_uuid: entry.client_uuid,
        scanned_at: at.toISOString(),
      });
      setOnline(true);
    } catch (error) {
      if (!unreachable(error) && error.status !== 401 && error.status !== 403) {
        showError(error.message);
        return;
      }
      if (error.status === 401 || error.status === 403) showError(S.sessionExpired);
      else setOnline(false);
    }
  } else {
    setOnline(false);
  }
  if (decision) {
    Object.assign(entry, { result: decision.result, reason: decision.reason, holder: decision.holder });
  } else {
    Object.assign(entry, decideOffline(parsed, hash, at), { local: true, queued: true });
    await store.enqueue({ payload, gate_id: gate.id, client_uuid: entry.client_uuid, scanned_at: at.toISOString() });
  }
  if (entry.result === "accepted" && hash) lastAccepted.set(hash, entry.at);
  showResult(entry);
  await store.putRecent(entry);
  await renderRecent();
  await showQueue();
  if (decision) sync();
}

function decideOffline(parsed, hash, at) {
  if (!parsed) return { result: "denied", reason: "unknown", holder: null };
  if (!index || (!hash && parsed.event === index.pack.event)) return { result: "pending", reason: null, holder: null };
  return decideLocally(index, parsed, hash, at, hash ? lastAccepted.get(hash) : undefined);
}

function showError(message) {
  const box = $("result");
  box.className = "scan-result scan-denied";
  box.dataset.result = "error";
  box.querySelector(".scan-icon").textContent = "!";
  box.querySelector(".scan-word").textContent = message;
  box.querySelector(".scan-reason").textContent = "";
  box.querySelector(".scan-holder").hidden = true;
}

// ----------------------------------------------------------------------------- queue
async function sync() {
  if (syncing || !navigator.onLine) return;
  syncing = true;
  try {
    let items = await store.queued();
    while (items.length) {
      const chunk = items.slice(0, BATCH_SIZE);
      let answer;
      try {
        answer = await postJson(cfg.batchUrl, { scans: chunk });
      } catch (error) {
        if (unreachable(error)) {
          setOnline(false);
          return;
        }
        if (error.status === 401 || error.status === 403) {
          showError(S.sessionExpired);
          return;
        }
        // The server refuses these scans for good (e.g. a gate that no longer exists): keep them visible.
        await settle(chunk.map((item) => ({ client_uuid: item.client_uuid, error: fmt(S.rejectedBatch, { e: error.message }) })));
        continue;
      }
      setOnline(true);
      await settle(answer.results);
      items = await store.queued();
    }
  } finally {
    syncing = false;
    await showQueue();
    await renderRecent();
  }
}

// Apply the server's decisions to the list; a badge revoked or reprinted since the
// pack was taken shows here as "changed when sent to the server".
async function settle(results) {
  for (const result of results) {
    const entry = await store.getRecent(result.client_uuid);
    if (entry) {
      entry.queued = false;
      if (result.error) {
        entry.error = result.error;
      } else {
        entry.changed = entry.result !== result.result || (entry.reason || null) !== (result.reason || null);
        if (entry.changed) entry.localResult = entry.result;
        Object.assign(entry, { result: result.result, reason: result.reason, holder: result.holder || entry.holder });
        if (entry.hash && entry.result !== "accepted" && lastAccepted.get(entry.hash) === entry.at) lastAccepted.delete(entry.hash);
      }
      await store.putRecent(entry);
    }
  }
  await store.dequeue(results.map((result) => result.client_uuid));
}

// ----------------------------------------------------------------------------- gate choice
function chooseGate(id) {
  gate = cfg.gates.find((candidate) => candidate.id === id) || null;
  $("gate-chooser").hidden = !!gate;
  $("station").hidden = !gate;
  lastAccepted.clear();
  index = null;
  if (!gate) {
    localStorage.removeItem(GATE_KEY);
    return;
  }
  localStorage.setItem(GATE_KEY, String(gate.id));
  $("gate-name").textContent = `${gate.zone} · ${gate.name}`;
  loadPack();
  store.recent().then((entries) => {
    for (const entry of entries.slice().reverse()) {
      if (entry.gateId === gate.id && entry.result === "accepted" && entry.hash) lastAccepted.set(entry.hash, entry.at);
    }
  });
  $("usb-input").focus();
}

// ----------------------------------------------------------------------------- start
function setUp() {
  if (!window.isSecureContext) $("insecure").hidden = false;
  const input = $("usb-input");
  const camera = new Camera($("camera-video"), cfg.workerUrl, (text) => {
    const now = Date.now();
    if (text === lastCode.text && now - lastCode.at < SAME_CODE_PAUSE_MS) return;
    lastCode = { text, at: now };
    scan(text);
  });
  $("usb-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const value = input.value;
    input.value = "";
    scan(value);
    input.focus();
  });
  // Keep the focus in the field for the hand scanner, unless the person moved it on purpose.
  input.addEventListener("blur", (event) => {
    if (event.relatedTarget || camera.running) return;
    setTimeout(() => {
      if (!$("station").hidden && (document.activeElement === document.body || !document.activeElement)) input.focus();
    }, 0);
  });
  document.querySelectorAll("[data-gate-id]").forEach((button) =>
    button.addEventListener("click", () => chooseGate(Number(button.dataset.gateId))),
  );
  $("change-gate").addEventListener("click", () => chooseGate(null));

  const toggle = $("camera-toggle");
  if (!Camera.available()) toggle.disabled = true;
  toggle.addEventListener("click", async () => {
    $("camera-message").textContent = "";
    if (camera.running) {
      camera.stop();
      toggle.textContent = `📷 ${S.cameraOff}`;
      input.focus();
      return;
    }
    try {
      await camera.start();
      toggle.textContent = `■ ${S.cameraOn}`;
    } catch (error) {
      camera.stop();
      $("camera-message").textContent = fmt(S.cameraError, { e: error.message || error.name });
    }
  });

  window.addEventListener("online", () => {
    setOnline(true);
    sync();
    refreshPack();
  });
  window.addEventListener("offline", () => setOnline(false));
  setInterval(sync, SYNC_EVERY_MS);
  setInterval(() => refreshPack(), PACK_EVERY_MS);

  setOnline(navigator.onLine);
  const saved = Number(localStorage.getItem(GATE_KEY));
  chooseGate(cfg.gates.some((g) => g.id === saved) ? saved : null);
  showQueue();
  renderRecent();
  sync();
  registerServiceWorker();
}

async function registerServiceWorker() {
  if (!window.isSecureContext || !("serviceWorker" in navigator)) return;
  try {
    await navigator.serviceWorker.register(cfg.swUrl, { scope: new URL(".", new URL(cfg.swUrl, location.href)).pathname });
    const registration = await navigator.serviceWorker.ready;
    if (registration.active) registration.active.postMessage({ type: "precache", urls: cfg.assets });
  } catch (error) {
    // The page works without it; only opening it offline needs the worker.
  }
}

setUp();
