// The scanner's storage on the device (IndexedDB): the gate pack, the queue of scans
// waiting to be sent, the last scans shown in the page's list, the holders' photos
// (scanner size, one record per application: {id, tag, blob}) and the alarms waiting
// for a person to acknowledge them.

const DB_NAME = "presscentre-checkin";
const DB_VERSION = 2;
const RECENT_KEEP = 20;
let opening = null;
let closed = false;
const never = () => new Promise(() => {});

/**
 * Close the store for good: the device's data is being wiped and the page is leaving.
 * The connection closes (when its running transactions end), so the database can be
 * deleted at once; whatever is still asked of the store afterwards (a timer's sync, a
 * late scan) waits forever instead of failing on a closing connection.
 */
export async function closeStore() {
  closed = true;
  if (opening) {
    try {
      (await opening).close();
    } catch (error) {
      // never opened: nothing to close
    }
  }
}

function open() {
  if (closed) return never();
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = (event) => {
        const db = request.result;
        if (event.oldVersion < 1) {
          db.createObjectStore("packs", { keyPath: "gateId" });
          db.createObjectStore("queue", { keyPath: "client_uuid" });
          db.createObjectStore("recent", { keyPath: "client_uuid" });
        }
        if (event.oldVersion < 2) {
          db.createObjectStore("photos", { keyPath: "id" });
          db.createObjectStore("alarms", { keyPath: "client_uuid" });
        }
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  return opening;
}

/** The open database, or a wait that never ends once the store is closed (closeStore). */
async function live() {
  const db = await open();
  return closed ? never() : db;
}

async function run(storeName, mode, work) {
  const db = await live();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(storeName, mode);
    const request = work(transaction.objectStore(storeName));
    transaction.oncomplete = () => resolve(request ? request.result : undefined);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}

export const getPack = (gateId) => run("packs", "readonly", (s) => s.get(gateId));
export const putPack = (record) => run("packs", "readwrite", (s) => s.put(record));

export const queued = () => run("queue", "readonly", (s) => s.getAll());
export const enqueue = (item) => run("queue", "readwrite", (s) => s.put(item));
export const dequeue = (uuids) =>
  run("queue", "readwrite", (s) => {
    for (const uuid of uuids) s.delete(uuid);
    return null;
  });

export async function recent() {
  const all = await run("recent", "readonly", (s) => s.getAll());
  return all.sort((a, b) => b.at - a.at).slice(0, RECENT_KEEP);
}

/** Add or update an entry of the list, keeping the newest ones only. */
export async function putRecent(entry) {
  await run("recent", "readwrite", (s) => s.put(entry));
  const all = await run("recent", "readonly", (s) => s.getAll());
  if (all.length > RECENT_KEEP) {
    const old = all.sort((a, b) => b.at - a.at).slice(RECENT_KEEP);
    await run("recent", "readwrite", (s) => {
      for (const entry of old) s.delete(entry.client_uuid);
      return null;
    });
  }
}

export const getRecent = (uuid) => run("recent", "readonly", (s) => s.get(uuid));

export const getPhoto = (id) => run("photos", "readonly", (s) => s.get(id));
export const putPhotos = (records) =>
  run("photos", "readwrite", (s) => {
    for (const record of records) s.put(record);
    return null;
  });
export const deletePhotos = (ids) =>
  run("photos", "readwrite", (s) => {
    for (const id of ids) s.delete(id);
    return null;
  });

/** Application id → tag of every photo on the device (reads the tags, not the images). */
export async function photoTags() {
  const db = await live();
  return new Promise((resolve, reject) => {
    const tags = new Map();
    const cursor = db.transaction("photos", "readonly").objectStore("photos").openCursor();
    cursor.onsuccess = () => {
      const at = cursor.result;
      if (!at) return resolve(tags);
      tags.set(at.value.id, at.value.tag);
      at.continue();
    };
    cursor.onerror = () => reject(cursor.error);
  });
}

export const alarms = () => run("alarms", "readonly", (s) => s.getAll());
export const putAlarm = (alarm) => run("alarms", "readwrite", (s) => s.put(alarm));
export const deleteAlarm = (uuid) => run("alarms", "readwrite", (s) => s.delete(uuid));

/** What this site stores on the device, in bytes (the browser's estimate), or null. */
export async function usage() {
  if (!navigator.storage || !navigator.storage.estimate) return null;
  const estimate = await navigator.storage.estimate();
  return estimate.usage ?? null;
}
