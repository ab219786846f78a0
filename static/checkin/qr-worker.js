// Decodes camera frames off the main thread with jsQR (copied from npm by tools/vendor.d/checkin.sh).
/* global jsQR */
importScripts("../vendor/jsqr/jsQR.js");

self.onmessage = (event) => {
  const { buffer, width, height } = event.data;
  const code = jsQR(new Uint8ClampedArray(buffer), width, height, { inversionAttempts: "attemptBoth" });
  self.postMessage(code && code.data ? code.data : null);
};
