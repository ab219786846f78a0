// A paired scanner device on the phone: its token, the headers the scanner API needs,
// and wiping the gate data (pack, photos, queue) when the server refuses the device or
// it is unpaired. Used by scanner.js's request wrapper, device-shell.js and pair.js.

import { closeStore } from "./store.js";

const TOKEN_KEY = "presscentre.checkin.device.token";
const INFO_KEY = "presscentre.checkin.device.info";
const PREFIX_STORAGE = "presscentre.checkin";
const PREFIX_DATABASES = "presscentre";
const PREFIX_CACHES = "presscentre-checkin";

/** Whether this page runs as a paired device (the device page, not a staff session). */
export function isDevice() {
  const root = document.getElementById("scanner");
  return !!(root && root.dataset.device === "1");
}

export const token = () => localStorage.getItem(TOKEN_KEY);

export function savePairing(newToken, info) {
  localStorage.setItem(TOKEN_KEY, newToken);
  saveInfo(info);
}

export function saveInfo(info) {
  localStorage.setItem(INFO_KEY, JSON.stringify(info));
}

export function savedInfo() {
  try {
    return JSON.parse(localStorage.getItem(INFO_KEY));
  } catch (error) {
    return null;
  }
}

/** Headers for a scanner API call: the device token, and the page's language for messages. */
export function deviceHeaders() {
  const value = isDevice() ? token() : null;
  if (!value) return {};
  return { Authorization: `Bearer ${value}`, "Accept-Language": document.documentElement.lang || "vi" };
}

const settle = (promise, ms) => Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms))]);

function deleteDatabase(name) {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

/** Delete what the scanner keeps on this device: token, gate packs, photos, queue, caches. */
export async function wipeScannerData() {
  for (const store of [localStorage, sessionStorage]) {
    for (const key of Object.keys(store)) if (key.startsWith(PREFIX_STORAGE)) store.removeItem(key);
  }
  const work = [];
  await closeStore(); // this page's own connection, so the deletion is not blocked by it
  if (window.indexedDB) {
    let names = ["presscentre-checkin"];
    if (indexedDB.databases) {
      try {
        names = (await indexedDB.databases()).map((db) => db.name).filter((name) => name && name.startsWith(PREFIX_DATABASES));
      } catch (error) {
        // keep the known name
      }
    }
    work.push(...names.map(deleteDatabase));
  }
  if (window.caches) {
    work.push(
      caches
        .keys()
        .then((keys) => Promise.all(keys.filter((key) => key.startsWith(PREFIX_CACHES)).map((key) => caches.delete(key))))
        .catch(() => null),
    );
  }
  // A database still open in another tab is deleted once that tab goes away: do not wait for it.
  await settle(Promise.all(work), 1500);
}

let ending = null;

/**
 * The server refused this device (revoked, expired or unknown token): wipe its data and
 * go to the pairing page, which says why. Never resolves, so the caller stops there.
 */
export function deviceRefused(body) {
  if (!ending) {
    const code = (body && body.code) || "device_unknown";
    const root = document.getElementById("scanner");
    const pairUrl = (root && root.dataset.pairPageUrl) || "/scanner/pair";
    ending = wipeScannerData().then(() => {
      location.replace(`${pairUrl}?ended=${encodeURIComponent(code)}`);
    });
  }
  return ending.then(() => new Promise(() => {}));
}
