// Camera scanning: frames go to a worker running jsQR (from npm, static/vendor/jsqr),
// so the page stays responsive; the back camera is preferred on phones.

const FRAME_INTERVAL_MS = 120;
const MAX_WIDTH = 640;

export class Camera {
  constructor(video, workerUrl, onCode) {
    this.video = video;
    this.workerUrl = workerUrl;
    this.onCode = onCode;
    this.canvas = document.createElement("canvas");
    this.context = this.canvas.getContext("2d", { willReadFrequently: true });
    this.stream = null;
    this.worker = null;
    this.busy = false;
    this.timer = null;
  }

  get running() {
    return this.stream !== null;
  }

  static available() {
    return window.isSecureContext && !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
  }

  async start() {
    this.stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: "environment" } },
      audio: false,
    });
    this.video.srcObject = this.stream;
    this.video.hidden = false;
    await this.video.play();
    this.worker = new Worker(this.workerUrl);
    this.worker.onmessage = (event) => {
      this.busy = false;
      if (event.data) this.onCode(event.data);
    };
    this.timer = setInterval(() => this.grab(), FRAME_INTERVAL_MS);
  }

  grab() {
    const video = this.video;
    if (this.busy || video.readyState < 2 || !video.videoWidth) return;
    const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
    const width = Math.round(video.videoWidth * scale);
    const height = Math.round(video.videoHeight * scale);
    this.canvas.width = width;
    this.canvas.height = height;
    this.context.drawImage(video, 0, 0, width, height);
    const image = this.context.getImageData(0, 0, width, height);
    this.busy = true;
    this.worker.postMessage({ buffer: image.data.buffer, width, height }, [image.data.buffer]);
  }

  stop() {
    clearInterval(this.timer);
    if (this.worker) this.worker.terminate();
    if (this.stream) this.stream.getTracks().forEach((track) => track.stop());
    this.video.srcObject = null;
    this.video.hidden = true;
    this.stream = null;
    this.worker = null;
    this.busy = false;
  }
}
