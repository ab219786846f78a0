// The paired device's scanner page: the HTML holds no data; this asks the API, with the
// device token, which gates the device serves, then starts the scanner (scanner.js).

import * as device from "./device.js";

const root = document.getElementById("scanner");
const D = JSON.parse(root.dataset.deviceStrings);
const ME_TIMEOUT_MS = 3000;

function say(text) {
  const box = document.getElementById("device-message");
  box.textContent = text;
  box.hidden = !text;
}

async function whoAmI() {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ME_TIMEOUT_MS);
  try {
    const response = await fetch(root.dataset.meUrl, {
      headers: device.deviceHeaders(),
      cache: "no-store",
      credentials: "omit",
      signal: controller.signal,
    });
    if (response.status === 401) {
      let body = null;
      try {
        body = await response.json();
      } catch (error) {
        body = null;
      }
      await device.deviceRefused(body);
    }
    if (!response.ok) return null;
    const info = (await response.json()).device;
    device.saveInfo(info);
    return info;
  } catch (error) {
    return null; // offline: the gates saved at the last start
  } finally {
    clearTimeout(timer);
  }
}

function showGates(gates) {
  const list = document.getElementById("gate-list");
  list.replaceChildren(
    ...gates.map((gate) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-outline-dark btn-lg text-start tap-target";
      button.dataset.gateId = String(gate.id);
      const zone = document.createElement("span");
      zone.className = "badge text-bg-secondary me-1";
      zone.textContent = gate.zone;
      button.append(zone, ` ${gate.name}`);
      return button;
    }),
  );
}

async function unpair() {
  if (!window.confirm(D.unpairConfirm)) return;
  try {
    await fetch(root.dataset.unpairUrl, { method: "POST", headers: device.deviceHeaders(), credentials: "omit" });
  } catch (error) {
    // Offline: the data is deleted here anyway; the administrator can revoke the device.
  }
  await device.deviceRefused({ code: "unpaired" });
}

async function start() {
  if (!device.token()) {
    location.replace(root.dataset.pairPageUrl);
    return;
  }
  let info = await whoAmI();
  if (!info) {
    info = device.savedInfo();
    if (info) say(D.network);
  }
  if (!info) {
    say(D.network);
    return;
  }
  document.getElementById("device-name").textContent = info.name;
  document.getElementById("device-bar").hidden = false;
  document.getElementById("device-unpair").addEventListener("click", unpair);
  if (!info.gates.length) say(D.noGates);
  root.dataset.gates = JSON.stringify(info.gates);
  showGates(info.gates);
  await import("./scanner.js");
}

start();
