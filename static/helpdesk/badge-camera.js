// Scan a badge's QR code with the phone's camera into a form field (equipment loans, lost and
// found): the gate scanner's own camera and decoder (static/checkin/camera.js). The field keeps
// working with a USB hand scanner or typing; without a camera (or HTTPS) no button is shown.
import { Camera } from "../checkin/camera.js";

const texts = document.getElementById("badge-camera");

function message(error) {
  const name = error && error.name;
  if (name === "NotAllowedError" || name === "SecurityError") return texts.dataset.denied;
  if (name === "NotFoundError" || name === "OverconstrainedError") return texts.dataset.missing;
  if (name === "NotReadableError" || name === "AbortError") return texts.dataset.busy;
  return texts.dataset.failed;
}

function enhance(input) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "btn btn-outline-secondary mt-2 tap-target";
  button.textContent = `📷 ${texts.dataset.start}`;
  button.setAttribute("aria-controls", input.id);
  const video = document.createElement("video");
  video.hidden = true;
  video.muted = true;
  video.playsInline = true;
  video.className = "badge-camera-video mt-2";
  video.dataset.testid = `camera-${input.id}`;
  const status = document.createElement("p");
  status.className = "small mt-1 mb-0";
  status.setAttribute("role", "status");
  input.after(button, video, status);

  let camera = null;
  const stop = () => {
    if (camera) camera.stop();
    camera = null;
    button.textContent = `📷 ${texts.dataset.start}`;
  };
  button.addEventListener("click", async () => {
    if (camera) {
      stop();
      return;
    }
    status.textContent = "";
    camera = new Camera(video, texts.dataset.worker, (code) => {
      input.value = code;
      stop();
      status.textContent = texts.dataset.read;
      input.focus();
    });
    try {
      await camera.start();
      button.textContent = `■ ${texts.dataset.stop}`;
    } catch (error) {
      stop();
      status.textContent = message(error);
    }
  });
}

if (texts && Camera.available()) {
  document.querySelectorAll("input[data-badge-camera]").forEach(enhance);
}
