// The scanner's service worker (served as /<event_code>/scanner/sw.js, scope /<event_code>/scanner/).
// Each congress's scanner has its own worker and its own cache; a worker clears only its own
// older caches, never another congress's.
// It keeps the scanner page and its assets so the page opens without a network. The API
// (holders' photos included) is never cached here: the page keeps the gate pack, the
// photos of valid holders and the queue of scans in IndexedDB itself.

const PREFIX = "presscentre-checkin-v3:";
const CACHE = PREFIX + self.registration.scope;
const OLD = "presscentre-checkin-v2"; // before congresses had their own URLs

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key === OLD).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

// The page sends the list of its assets once it is controlled.
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "precache" && Array.isArray(event.data.urls)) {
    event.waitUntil(precache(event.data.urls));
  }
});

async function precache(urls) {
  const cache = await caches.open(CACHE);
  await Promise.all(
    urls.map((url) =>
      fetch(url, { credentials: "same-origin", cache: "no-cache" })
        .then((response) => (response.ok && !response.redirected ? cache.put(url, response) : null))
        .catch(() => null),
    ),
  );
}

function cacheable(response) {
  return response && response.ok && !response.redirected && response.type === "basic";
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (cacheable(response)) cache.put(request, response.clone());
    return response;
  } catch (error) {
    const hit = await cache.match(request);
    if (hit) return hit;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (cacheable(response)) cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.includes("/api/")) {
    return; // the network decides; the page handles failures
  }
  if (request.destination === "image" && !url.pathname.startsWith("/static/")) {
    event.respondWith(cacheFirst(request)); // photo thumbnails
    return;
  }
  event.respondWith(networkFirst(request));
});
