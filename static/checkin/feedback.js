// Sound and vibration for each decision, so the guard need not look at the screen:
// accepted one short high beep, duplicate two middle beeps, denied one long low buzz,
// alarm a repeated two-tone siren. On by default; the choice is remembered on the device.

const KEY = "presscentre.checkin.sound";
const PATTERNS = {
  accepted: { tones: [[880, 0.12]], type: "sine", vibrate: [80] },
  duplicate: { tones: [[660, 0.1], [0, 0.08], [660, 0.1]], type: "sine", vibrate: [80, 60, 80] },
  denied: { tones: [[220, 0.5]], type: "square", vibrate: [400] },
  alarm: {
    tones: [[980, 0.2], [620, 0.2], [980, 0.2], [620, 0.2], [980, 0.2], [620, 0.2]],
    type: "sawtooth",
    vibrate: [300, 100, 300, 100, 300, 100, 600],
  },
};
let context = null;

export function enabled() {
  return localStorage.getItem(KEY) !== "off";
}

export function setEnabled(on) {
  localStorage.setItem(KEY, on ? "on" : "off");
}

function audio() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return null;
  if (!context) context = new Context();
  if (context.state === "suspended") context.resume().catch(() => {});
  return context;
}

/** Play the sound and vibration of ``kind`` (accepted, duplicate, denied, alarm) if enabled. */
export function signal(kind) {
  const pattern = PATTERNS[kind];
  document.body.dataset.lastSignal = kind; // what the guard heard, for tests and support
  if (!pattern || !enabled()) return false;
  try {
    if (navigator.vibrate) navigator.vibrate(pattern.vibrate);
  } catch (error) {
    // Vibration is a bonus: some browsers refuse it without a gesture.
  }
  try {
    const ctx = audio();
    if (!ctx) return true;
    let at = ctx.currentTime + 0.01;
    for (const [frequency, seconds] of pattern.tones) {
      if (frequency) {
        const oscillator = ctx.createOscillator();
        const gain = ctx.createGain();
        oscillator.type = pattern.type;
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.25, at);
        gain.gain.exponentialRampToValueAtTime(0.001, at + seconds);
        oscillator.connect(gain).connect(ctx.destination);
        oscillator.start(at);
        oscillator.stop(at + seconds);
      }
      at += seconds;
    }
  } catch (error) {
    // No audio device: the screen still says everything.
  }
  return true;
}
