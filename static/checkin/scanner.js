// The scanner page: choose a gate once, scan with a USB hand scanner or the camera,
// show the decision at once; when the server cannot be reached, decide on this device
// from the gate pack, queue the scan and send the queue when the network returns.
//
// Never wait for a dead server: every API call has a short deadline (SCANNER_API_TIMEOUT_MS,
// about 1 s). A scan asks the server, but if no answer has come within LOCAL_AFTER_MS the
// page shows its own decision (and corrects it if the server answers before the deadline);
// after a failure the page decides locally at once and probes the server in the background
// until it answers. The pack is refreshed by delta every 60 s while online, and at once when
// an answer's X-Pack-Version is newer than the device's. Photos of valid holders are stored
// on the device. An offline "admitted" that the server overturns is an alarm that stays on
// screen until a person acknowledges it.

import { Camera } from "./camera.js";
import { decideLocally, indexPack, mergeDelta, parsePayload, sha256Hex, wantedPhotos } from "./decide.js";
import { deviceHeaders, deviceRefused, isDevice } from "./device.js";
import * as feedback from "./feedback.js";
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
  timeoutMs: Number(root.dataset.timeoutMs) || 1000,
};
const S = cfg.strings;
const GATE_KEY = "presscentre.checkin.gate";
const STATE_KEY = "presscentre.checkin.inside."; // + zone code: {application id: "in" | "out"}
const REQUEST_TIMEOUT_MS = cfg.timeoutMs; // every scan, batch and probe call
const DOWNLOAD_TIMEOUT_MS = 30000; // the pack and photo batches: background downloads, never a decision
const LOCAL_AFTER_MS = 150; // no server answer by then: show this device's decision (on screen < 300 ms)
const SYNC_EVERY_MS = 5000;
const PROBE_EVERY_MS = 1500;
const DELTA_EVERY_MS = 60 * 1000;
const BATCH_SIZE = 100;
const PHOTO_BATCH = 500;
const SAME_CODE_PAUSE_MS = 3000;
const ICONS = { accepted: "✓", duplicate: "⚠", denied: "✗", pending: "…" };
const DIRECTION_ICONS = { in: "➜", out: "⬅" };

const $ = (id) => document.getElementById(id);
const fmt = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => String(values[key] ?? ""));
const canHash = !!(window.isSecureContext && window.crypto && crypto.subtle);

let csrfToken = document.querySelector('meta[name="csrf-token"]').content;
let gate = null;
let index = null;
let syncing = false;
let serverUp = navigator.onLine;
let probing = false;
let refreshing = null;
let photoSyncing = false;
let photoPending = null; // a pack that arrived while photos were being fetched: done next
let photoTags = null; // application id → tag of the photos on the device (read once, then kept up to date)
let serverVersion = 0;
let shownPhotoUrl = null;
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

// Every API call goes through here. ``options.timeoutMs`` overrides the deadline (downloads).
async function request(url, options = {}) {
  const { timeoutMs = REQUEST_TIMEOUT_MS, ...fetchOptions } = options;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    // A paired device sends its token (device.js); a staff page sends nothing more.
    const headers = { ...(fetchOptions.headers || {}), ...deviceHeaders() };
    const response = await fetch(url, {
      credentials: "same-origin",
      signal: controller.signal,
      ...fetchOptions,
      headers,
    });
    const version = Number(response.headers.get("X-Pack-Version"));
    if (version) noteServerVersion(version);
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
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ----------------------------------------------------------------------------- server state
function serverDown() {
  serverUp = false;
  setOnline(false);
  probe();
}

function serverBack() {
  const wasDown = !serverUp;
  serverUp = true;
  setOnline(true);
  if (wasDown) {
    sync().then(() => refreshPack());
  }
}

// In the background, ask the server until it answers; scans meanwhile are decided here at once.
async function probe() {
  if (probing) return;
  probing = true;
  try {
    while (!serverUp) {
      await delay(PROBE_EVERY_MS);
      if (serverUp) break;
      if (!navigator.onLine) continue;
      try {
        const response = await request(cfg.sessionUrl, { cache: "no-store" });
        csrfToken = (await response.json()).csrf_token;
        serverBack();
      } catch (error) {
        if (error instanceof HttpError && (error.status === 401 || error.status === 403)) {
          showError(S.sessionExpired);
          serverBack();
        }
      }
    }
  } finally {
    probing = false;
  }
}

function noteServerVersion(version) {
  serverVersion = Math.max(serverVersion, version);
  if (index && version > (index.pack.ver || 0) && serverUp) setTimeout(() => refreshPack(), 0);
}

// ----------------------------------------------------------------------------- status line
function setOnline(online) {
  const badge = $("net-status");
  badge.textContent = online ? `● ${S.online}` : `○ ${S.offline}`;
  badge.className = `badge ${online ? "text-bg-success" : "text-bg-warning"}`;
  badge.dataset.online = online ? "1" : "0";
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
  line.dataset.gate = String(record.gateId);
  line.dataset.version = String(record.pack.ver || 0);
  $("gate-closed").hidden = !record.pack.gate.closed;
}

function showPhotoProgress(have, want) {
  const line = $("photo-status");
  line.dataset.have = String(have);
  line.dataset.want = String(want);
  line.textContent = fmt(have >= want ? S.photosReady : S.photosLoading, { n: have, total: want });
}

// ----------------------------------------------------------------------------- display
function describe(entry) {
  if (entry.result === "pending") return S.unverifiable;
  return entry.reason ? cfg.reasons[entry.reason] || entry.reason : "";
}

function resultWord(entry) {
  if (entry.result === "accepted" && entry.direction === "out") return S.acceptedOut;
  return S[entry.result];
}

async function photoSource(holder) {
  if (!holder) return null;
  if (holder.application_id) {
    const record = await store.getPhoto(holder.application_id);
    if (record) return URL.createObjectURL(record.blob);
  }
  return holder.photo_url && serverUp ? holder.photo_url : null;
}

function showResult(entry, startedAt) {
  const box = $("result");
  box.className = `scan-result scan-${entry.result}`;
  box.dataset.result = entry.result;
  box.dataset.uuid = entry.client_uuid;
  box.dataset.direction = entry.direction || "";
  box.querySelector(".scan-icon").textContent = ICONS[entry.result];
  box.querySelector(".scan-word").textContent = resultWord(entry);
  const dir = box.querySelector(".scan-direction");
  dir.hidden = !entry.direction;
  if (entry.direction) {
    dir.className = `scan-direction scan-dir-${entry.direction}`;
    dir.textContent = `${DIRECTION_ICONS[entry.direction]} ${S[`dir_${entry.direction}`]}`;
  }
  box.querySelector(".scan-reason").textContent = describe(entry);
  const holder = entry.holder;
  const panel = box.querySelector(".scan-holder");
  panel.hidden = !holder;
  const photo = box.querySelector(".scan-photo");
  if (holder) {
    box.querySelector(".scan-name").textContent = holder.name;
    box.querySelector(".scan-org").textContent = holder.organisation;
    box.querySelector(".scan-cat").textContent = holder.category_text || holder.category;
  }
  box.querySelector(".scan-note").textContent = entry.local ? S.decidedOffline : "";
  if (startedAt !== undefined) box.dataset.decidedMs = String(Math.round(performance.now() - startedAt));
  box.dataset.shown = String((Number(box.dataset.shown) || 0) + 1);
  // The photo follows (an IndexedDB read, a few ms) without holding the decision back.
  photo.hidden = true;
  photo.src = photo.dataset.placeholder; // never an <img> without src
  photo.dataset.loaded = "0";
  const shownFor = entry.client_uuid;
  photoSource(holder).then((src) => {
    if (box.dataset.uuid !== shownFor) return;
    if (shownPhotoUrl && shownPhotoUrl.startsWith("blob:")) URL.revokeObjectURL(shownPhotoUrl);
    shownPhotoUrl = src;
    $("no-photo").hidden = !holder || !!src;
    if (!src) return;
    photo.onload = () => {
      photo.dataset.loaded = "1";
    };
    photo.src = src;
    photo.hidden = false;
  });
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
      head.innerHTML = "<span class='recent-icon' aria-hidden='true'></span> <strong class='recent-word'></strong> <span class='recent-dir'></span> <span class='recent-time text-muted small'></span>";
      head.querySelector(".recent-icon").textContent = ICONS[entry.result];
      head.querySelector(".recent-word").textContent = resultWord(entry);
      head.querySelector(".recent-dir").textContent = entry.direction ? `${DIRECTION_ICONS[entry.direction]} ${S[`dir_${entry.direction}`]}` : "";
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

// ----------------------------------------------------------------------------- alarms
async function raiseAlarm(entry, result) {
  const holder = result.holder || entry.holder || {};
  await store.putAlarm({
    client_uuid: entry.client_uuid,
    name: holder.name || S.noHolder,
    organisation: holder.organisation || "",
    serial: holder.serial || entry.holder?.serial || "",
    gateName: entry.gateName,
    at: entry.at,
    reason: result.reason,
    photo: entry.photo || null,
    raisedAt: Date.now(),
  });
  feedback.signal("alarm");
}

async function renderAlarms() {
  const list = $("alarms");
  const alarms = (await store.alarms()).sort((a, b) => a.raisedAt - b.raisedAt);
  list.hidden = alarms.length === 0;
  list.dataset.count = String(alarms.length);
  for (const img of list.querySelectorAll("img")) if (img.src.startsWith("blob:")) URL.revokeObjectURL(img.src);
  list.replaceChildren(
    ...alarms.map((alarm) => {
      const item = document.createElement("div");
      item.className = "scan-alarm";
      item.setAttribute("role", "alert");
      item.dataset.uuid = alarm.client_uuid;
      item.dataset.testid = "alarm";
      const time = new Date(alarm.at).toLocaleString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", day: "2-digit", month: "2-digit" });
      item.innerHTML =
        "<div class='scan-alarm-head'>⚠ <span class='scan-alarm-title'></span></div>" +
        "<div class='scan-alarm-body'><img class='scan-alarm-photo' alt='' hidden><div>" +
        "<div class='scan-alarm-name'></div><div class='scan-alarm-facts small'></div><div class='scan-alarm-reason'></div></div></div>" +
        "<button type='button' class='btn btn-light btn-lg tap-target mt-2 scan-alarm-ack'></button>";
      item.querySelector(".scan-alarm-title").textContent = S.alarmTitle;
      item.querySelector(".scan-alarm-name").textContent = alarm.name;
      item.querySelector(".scan-alarm-facts").textContent = [
        alarm.serial ? fmt(S.alarmSerial, { s: alarm.serial }) : "",
        alarm.organisation,
        alarm.gateName,
        time,
      ]
        .filter(Boolean)
        .join(" · ");
      item.querySelector(".scan-alarm-reason").textContent = cfg.reasons[alarm.reason] || alarm.reason || "";
      if (alarm.photo) {
        const img = item.querySelector(".scan-alarm-photo");
        img.src = URL.createObjectURL(alarm.photo);
        img.alt = fmt(S.photoOf, { name: alarm.name });
        img.hidden = false;
      }
      const ack = item.querySelector(".scan-alarm-ack");
      ack.textContent = `✓ ${S.alarmAck}`;
      ack.addEventListener("click", async () => {
        await store.deleteAlarm(alarm.client_uuid);
        await renderAlarms();
        $("usb-input").focus();
      });
      return item;
    }),
  );
}

// ----------------------------------------------------------------------------- gate pack
async function loadPack() {
  const record = await store.getPack(gate.id);
  if (record) index = indexPack(record.pack);
  showPack(record);
  if (record) syncPhotos(record.pack);
  await refreshPack(record);
}

// A full pack the first time (or after a format change), then deltas since the device's version.
function refreshPack(record) {
  if (!gate || !serverUp) return Promise.resolve();
  if (refreshing) return refreshing;
  refreshing = doRefreshPack(record).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function doRefreshPack(record) {
  const forGate = gate;
  const current = record || (await store.getPack(forGate.id));
  const usable = current && current.pack && current.pack.v === 3 && current.pack.ver;
  const url = usable ? `${cfg.packUrl(forGate.id)}?since=${current.pack.ver}` : cfg.packUrl(forGate.id);
  try {
    const response = await request(url, { cache: "no-store", timeoutMs: DOWNLOAD_TIMEOUT_MS });
    const body = await response.json();
    if (gate !== forGate) return;
    const pack = body.delta ? mergeDelta(current.pack, body) : body;
    const next = { gateId: forGate.id, pack, fetchedAt: Date.now() };
    index = indexPack(pack);
    await store.putPack(next);
    showPack(next);
    serverBack();
    await syncPhotos(pack);
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) chooseGate(null);
    else if (unreachable(error)) serverDown();
  }
}

// Store on the device the photo of every valid badge's holder; drop the others.
async function syncPhotos(pack) {
  if (photoSyncing) {
    photoPending = pack;
    return;
  }
  photoSyncing = true;
  try {
    const wanted = wantedPhotos(pack);
    if (!photoTags) photoTags = await store.photoTags();
    const have = photoTags;
    const stale = [...have.keys()].filter((id) => !wanted.has(id));
    if (stale.length) {
      await store.deletePhotos(stale);
      for (const id of stale) have.delete(id);
    }
    const missing = [...wanted].filter(([id, tag]) => have.get(id) !== tag).map(([id]) => id);
    let count = wanted.size - missing.length;
    showPhotoProgress(count, wanted.size);
    if (!serverUp || !pack.photos) return;
    for (let start = 0; start < missing.length; start += PHOTO_BATCH) {
      const ids = missing.slice(start, start + PHOTO_BATCH);
      const response = await request(`${pack.photos}?ids=${ids.join(",")}`, { cache: "no-store", timeoutMs: DOWNLOAD_TIMEOUT_MS });
      const records = readPhotoBatch(await response.arrayBuffer());
      await store.putPhotos(records);
      for (const record of records) have.set(record.id, record.tag);
      count += records.length;
      showPhotoProgress(count, wanted.size);
    }
  } catch (error) {
    if (unreachable(error)) serverDown();
  } finally {
    photoSyncing = false;
    if (photoPending) {
      const next = photoPending;
      photoPending = null;
      syncPhotos(next);
    }
  }
}

// The batch format of app/checkin/photos.py: "PCPH", count, then (id, tag, JPEG) records.
function readPhotoBatch(buffer) {
  const view = new DataView(buffer);
  const bytes = new Uint8Array(buffer);
  const records = [];
  if (String.fromCharCode(...bytes.slice(0, 4)) !== "PCPH") return records;
  const count = view.getUint32(4);
  let offset = 8;
  for (let i = 0; i < count; i++) {
    const id = view.getUint32(offset);
    const tagLength = view.getUint8(offset + 4);
    offset += 5;
    const tag = String.fromCharCode(...bytes.slice(offset, offset + tagLength));
    offset += tagLength;
    const length = view.getUint32(offset);
    offset += 4;
    records.push({ id, tag, blob: new Blob([bytes.slice(offset, offset + length)], { type: "image/jpeg" }) });
    offset += length;
  }
  return records;
}

// ----------------------------------------------------------------------------- direction
function insideState() {
  try {
    return JSON.parse(localStorage.getItem(STATE_KEY + gate.zone) || "{}");
  } catch (error) {
    return {};
  }
}

function rememberDirection(entry) {
  if (entry.result !== "accepted" || !entry.direction || !entry.holder || !entry.holder.application_id) return;
  const state = insideState();
  state[entry.holder.application_id] = entry.direction;
  localStorage.setItem(STATE_KEY + gate.zone, JSON.stringify(state));
}

// What this device says: the gate's direction, at a two-way gate the holder's next move.
function localDirection(decision) {
  const direction = (index && index.pack.gate.direction) || gate.direction;
  if (direction === "in" || direction === "out") return direction;
  const person = decision.holder && decision.holder.application_id;
  const last = person ? insideState()[person] : undefined;
  if (decision.result === "duplicate") return last || "in";
  return last === "in" ? "out" : "in";
}

// ----------------------------------------------------------------------------- scanning
async function scan(raw) {
  const payload = raw.trim();
  if (!payload || !gate) return;
  const startedAt = performance.now();
  const at = new Date();
  const parsed = parsePayload(payload);
  const hash = parsed && canHash ? await sha256Hex(parsed.token) : null;
  const entry = { client_uuid: newUuid(), at: at.getTime(), gateId: gate.id, gateName: gate.name, hash };
  const local = decideOffline(parsed, hash, at);
  local.direction = localDirection(local);
  const body = { payload, gate_id: gate.id, client_uuid: entry.client_uuid, scanned_at: at.toISOString() };

  let answer = null;
  let shownLocally = false;
  if (serverUp && navigator.onLine) {
    const asking = postJson(cfg.scanUrl, body).then(
      (decision) => ({ decision }),
      (error) => ({ error }),
    );
    answer = await Promise.race([asking, delay(LOCAL_AFTER_MS).then(() => null)]);
    if (answer === null) {
      // The server is slow: decide here now, queue the scan, and take the server's answer if it comes in time.
      shownLocally = true;
      await showLocal(entry, local, body, startedAt);
      answer = await asking;
    }
  }
  if (answer && answer.decision) {
    const decision = answer.decision;
    // The page had already said "admitted" and the late answer denies: the person may be
    // through. Alarm here, and keep the queued copy (it says what the page decided) so the
    // server puts it on the duty officers' list when it is synced.
    const overturned = shownLocally && local.result === "accepted" && decision.result === "denied";
    if (overturned) await raiseAlarm(entry, decision);
    Object.assign(entry, {
      result: decision.result,
      reason: decision.reason,
      holder: decision.holder,
      direction: decision.direction,
      local: false,
      queued: false,
    });
    serverBack();
    if (shownLocally && !overturned) await store.dequeue([entry.client_uuid]);
    // A late answer updates the screen only while it still shows this scan: once the next
    // badge is on screen, the officer must not see the previous holder's name and photo
    // come back over it (an overturned admission still raises its alarm above).
    const onScreen = !shownLocally || $("result").dataset.uuid === entry.client_uuid;
    finish(entry, startedAt, onScreen && (!shownLocally || entry.result !== local.result), onScreen);
    await store.putRecent(entry);
    await renderRecent();
    await showQueue();
    sync();
    return;
  }
  if (answer && answer.error) {
    const error = answer.error;
    if (!unreachable(error) && error.status !== 401 && error.status !== 403) {
      if (shownLocally) await store.dequeue([entry.client_uuid]);
      showError(error.message);
      return;
    }
    if (error.status === 401 || error.status === 403) showError(S.sessionExpired);
    else serverDown();
  }
  if (!shownLocally) await showLocal(entry, local, body, startedAt);
}

// Show and queue this device's decision.
async function showLocal(entry, local, body, startedAt) {
  Object.assign(entry, local, { local: true, queued: true });
  finish(entry, startedAt, true);
  if (entry.holder && entry.holder.application_id) {
    const record = await store.getPhoto(entry.holder.application_id);
    if (record) entry.photo = record.blob; // kept for an alarm, even if the photo leaves the device later
  }
  await store.enqueue({ ...body, local_result: entry.result, local_direction: entry.direction });
  await store.putRecent(entry);
  await renderRecent();
  await showQueue();
}

function finish(entry, startedAt, signal, show = true) {
  if (entry.hash) {
    if (entry.result === "accepted") lastAccepted.set(entry.hash, entry.at);
    else if (lastAccepted.get(entry.hash) === entry.at) lastAccepted.delete(entry.hash);
  }
  rememberDirection(entry);
  if (!show) return;
  showResult(entry, startedAt);
  if (signal) feedback.signal(entry.reason === "lost" ? "alarm" : entry.result === "pending" ? "duplicate" : entry.result);
}

function decideOffline(parsed, hash, at) {
  if (index && index.pack.gate.closed) return { result: "denied", reason: "gate_closed", holder: null };
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
  box.querySelector(".scan-direction").hidden = true;
  box.querySelector(".scan-holder").hidden = true;
}

// ----------------------------------------------------------------------------- queue
async function sync() {
  if (syncing || !serverUp || !navigator.onLine) return;
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
          serverDown();
          return;
        }
        if (error.status === 401 || error.status === 403) {
          showError(S.sessionExpired);
          return;
        }
        // The server refuses these scans for good (e.g. a gate that no longer exists): keep them visible.
        await settle(chunk.map((item) => ({ client_uuid: item.client_uuid, error: fmt(S.rejectedBatch, { e: error.message }) })));
        items = await store.queued();
        continue;
      }
      await settle(answer.results);
      items = await store.queued();
    }
  } finally {
    syncing = false;
    await showQueue();
    await renderRecent();
    await renderAlarms();
  }
}

// Apply the server's decisions to the list. An offline "admitted" the server refuses is an alarm.
async function settle(results) {
  for (const result of results) {
    const entry = await store.getRecent(result.client_uuid);
    if (entry) {
      entry.queued = false;
      if (result.error) {
        entry.error = result.error;
      } else {
        const before = entry.result;
        entry.changed = before !== result.result || (entry.reason || null) !== (result.reason || null);
        if (entry.changed) entry.localResult = before;
        if (entry.local && before === "accepted" && result.result === "denied") await raiseAlarm(entry, result);
        Object.assign(entry, {
          result: result.result,
          reason: result.reason,
          holder: result.holder || entry.holder,
          direction: result.direction || entry.direction,
        });
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
  delete $("pack-status").dataset.gate; // until this gate's pack is read
  $("gate-closed").hidden = true;
  const kind = $("gate-direction");
  kind.textContent = gate.direction === "both" ? S.gateBoth : `${DIRECTION_ICONS[gate.direction]} ${S[`dir_${gate.direction}`]}`;
  loadPack();
  store.recent().then((entries) => {
    for (const entry of entries.slice().reverse()) {
      if (entry.gateId === gate.id && entry.result === "accepted" && entry.hash) lastAccepted.set(entry.hash, entry.at);
    }
  });
  $("usb-input").focus();
}

// ----------------------------------------------------------------------------- camera
function cameraMessage(error) {
  const name = (error && error.name) || "";
  if (name === "NotAllowedError" || name === "SecurityError") return S.cameraDenied;
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") return S.cameraMissing;
  if (name === "NotReadableError" || name === "TrackStartError" || name === "AbortError") return S.cameraBusy;
  return S.cameraFailed;
}

// ----------------------------------------------------------------------------- start
function showSoundToggle() {
  const button = $("sound-toggle");
  const on = feedback.enabled();
  button.setAttribute("aria-pressed", on ? "true" : "false");
  button.textContent = on ? `🔊 ${S.soundOn}` : `🔇 ${S.soundOff}`;
}

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
  $("sound-toggle").addEventListener("click", () => {
    feedback.setEnabled(!feedback.enabled());
    showSoundToggle();
    input.focus();
  });
  showSoundToggle();

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
      $("camera-message").textContent = cameraMessage(error);
    }
  });

  window.addEventListener("online", () => {
    serverUp = false;
    probe(); // the network is back; the server answers the probe before scans go to it again
  });
  window.addEventListener("offline", () => serverDown());
  setInterval(() => sync(), SYNC_EVERY_MS);
  setInterval(() => refreshPack(), DELTA_EVERY_MS);

  serverUp = navigator.onLine;
  setOnline(serverUp);
  if (!serverUp) probe();
  const saved = Number(localStorage.getItem(GATE_KEY));
  chooseGate(cfg.gates.some((g) => g.id === saved) ? saved : null);
  showQueue();
  renderRecent();
  renderAlarms();
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
