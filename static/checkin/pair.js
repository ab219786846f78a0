// The pairing page: exchange the one-time code (from the QR link's #code=… or typed)
// for the device token, keep it on this device, and open the device's scanner page.

import { savePairing, wipeScannerData } from "./device.js";

const root = document.getElementById("pairing");
const S = JSON.parse(root.dataset.strings);
const input = document.getElementById("pair-code");
const message = document.getElementById("pair-message");

function notice(text) {
  const box = document.getElementById("pair-notice");
  box.textContent = text;
  box.hidden = !text;
}

async function exchange(code) {
  message.textContent = S.working;
  message.className = "mt-2";
  let response;
  try {
    response = await fetch(root.dataset.pairUrl, {
      method: "POST",
      credentials: "omit",
      headers: { "Content-Type": "application/json", "Accept-Language": document.documentElement.lang || "vi" },
      body: JSON.stringify({ code }),
    });
  } catch (error) {
    message.textContent = S.network;
    message.className = "mt-2 text-danger";
    return;
  }
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    body = null;
  }
  if (response.status !== 201 || !body || !body.token) {
    message.textContent = (body && body.message) || S.network;
    message.className = "mt-2 text-danger fw-semibold";
    return;
  }
  await wipeScannerData(); // nothing from an earlier pairing stays
  savePairing(body.token, body.device);
  location.replace(root.dataset.deviceUrl);
}

async function start() {
  const ended = new URLSearchParams(location.search).get("ended");
  if (ended) {
    await wipeScannerData();
    notice(ended === "unpaired" ? S.unpaired : S.revoked);
  }
  document.getElementById("pair-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (input.value.trim()) exchange(input.value.trim());
  });
  const code = new URLSearchParams(location.hash.slice(1)).get("code");
  if (code) {
    // The code leaves the address bar and the history at once.
    history.replaceState(null, "", location.pathname + location.search);
    input.value = code;
    await exchange(code);
  } else {
    input.focus();
  }
}

start();
