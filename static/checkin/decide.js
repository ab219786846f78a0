// Local scan decisions from the gate pack, used only when the server cannot be reached.
// The rules and their order are those of decide_scan in app/checkin/services.py
// (DESIGN §3); the pack format is described in app/checkin/pack.py (version 3).

const PREFIX = "PC1"; // app/badges/qr.py, QR_VERSION 1
const TOKEN = /^[A-Za-z0-9_-]{22}$/;
const MAX_PAYLOAD = 80;
const FLAG_SUPERSEDED = 1;
const FLAG_REVOKED = 2;
const FLAG_NOT_APPROVED = 4;
const FLAG_LOST = 8; // a copy reported lost: the holder is not who shows it (an alarm)
const dayFormats = new Map();

/** {event, token} from a scanned payload, or null when it is not one of ours. */
export function parsePayload(payload) {
  if (typeof payload !== "string" || payload.length > MAX_PAYLOAD) return null;
  const parts = payload.trim().split(":");
  if (parts.length !== 3 || parts[0] !== PREFIX || !parts[1] || !TOKEN.test(parts[2])) return null;
  return { event: parts[1], token: parts[2] };
}

/** SHA-256 of a token in hex, as stored by the server (needs a secure context). */
export async function sha256Hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The pack with a Map from token hash to badge row: one lookup per decision. */
export function indexPack(pack) {
  const byHash = new Map();
  for (const row of pack.b) byHash.set(row[0], row);
  eventDay(new Date(), pack.tz); // build the date formatter now, not during the first scan
  return { pack, byHash, size: pack.b.length, places: new Set(pack.gate.places || []) };
}

/** The event day of a moment as a YYYYMMDD number, in the event's time zone. */
export function eventDay(date, timeZone) {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(timeZone, format);
  }
  return Number(format.format(date).replaceAll("-", ""));
}

/** What the page shows about a holder, in the shape of the API's ``holder``. */
export function holderOf(index, row) {
  const pack = index.pack;
  return {
    name: row[1],
    organisation: pack.orgs[row[2]] || "",
    category: row[3],
    category_text: pack.cats[row[3]] || row[3],
    application_id: row[8],
    serial: row[10] || "",
    photo_url: row[9] && pack.photo ? pack.photo.replace("{id}", String(row[8])) : null,
  };
}

/**
 * Apply a delta (same format, ``delta: true``) to a pack: rows upserted by token hash,
 * organisations re-indexed, the gate header and the version replaced. Returns the new pack.
 */
export function mergeDelta(pack, delta) {
  const orgIndex = new Map(pack.orgs.map((name, i) => [name, i]));
  const orgs = pack.orgs.slice();
  const position = new Map();
  pack.b.forEach((row, i) => position.set(row[0], i));
  const rows = pack.b.slice();
  for (const incoming of delta.b) {
    const row = incoming.slice();
    const name = delta.orgs[row[2]] || "";
    if (!orgIndex.has(name)) {
      orgIndex.set(name, orgs.length);
      orgs.push(name);
    }
    row[2] = orgIndex.get(name);
    const at = position.get(row[0]);
    if (at === undefined) {
      position.set(row[0], rows.length);
      rows.push(row);
    } else {
      rows[at] = row;
    }
  }
  return { ...pack, ver: delta.ver, gate: delta.gate, cats: delta.cats, photo: delta.photo, photos: delta.photos, orgs, b: rows };
}

/** Application id → photo tag of every holder of a valid badge with a photo. */
export function wantedPhotos(pack) {
  const wanted = new Map();
  for (const row of pack.b) if (row[7] === 0 && row[9]) wanted.set(row[8], row[9]);
  return wanted;
}

/**
 * Decide a scan on this device: {result, reason, holder}.
 * ``lastAccepted`` is when this badge was last accepted at this gate (ms), if ever.
 */
export function decideLocally(index, parsed, tokenHash, at, lastAccepted) {
  const pack = index.pack;
  const denied = (reason, holder = null) => ({ result: "denied", reason, holder });
  if (pack.gate.closed) return denied("gate_closed");
  if (!parsed) return denied("unknown");
  if (parsed.event !== pack.event) return denied("other_event");
  const row = index.byHash.get(tokenHash);
  if (!row) return denied("unknown");
  const holder = holderOf(index, row);
  const flags = row[7];
  if (flags & FLAG_LOST) return denied("lost", holder);
  if (flags & FLAG_SUPERSEDED) return denied("superseded", holder);
  if (flags & FLAG_REVOKED) return denied("revoked", holder);
  if (flags & FLAG_NOT_APPROVED) return denied("not_approved", holder);
  const day = eventDay(at, pack.tz);
  if (day < row[5] || day > row[6]) return denied("outside_dates", holder);
  if (!row[4].split(",").includes(pack.gate.zone)) return denied("wrong_zone", holder);
  // A gate bound to a hall session admits only holders of a place in it (app/positions).
  if (pack.gate.session && !index.places.has(row[8])) return denied("no_place", holder);
  if (lastAccepted !== undefined && Math.abs(at.getTime() - lastAccepted) < pack.window * 1000) {
    return { result: "duplicate", reason: "duplicate", holder };
  }
  return { result: "accepted", reason: null, holder };
}
