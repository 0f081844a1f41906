// @ts-check
// Audio as 16 kHz mono 16-bit WAV, the form whisper (Edgen's speech model)
// reads directly: the browser decodes whatever it can play, an offline
// audio context resamples it.

const RATE = 16000;

/**
 * Returns file as a WAV File named like it (.wav), or file itself when the
 * browser cannot decode it (the server may still read it).
 * @param {File} file
 * @returns {Promise<File>}
 */
export async function toWAV(file) {
  let decoded;
  try {
    // An offline context decodes without an audio device.
    decoded = await new OfflineAudioContext(1, 1, RATE).decodeAudioData(await file.arrayBuffer());
  } catch (err) {
    console.info(`edgen: sending ${file.name} as it is, the browser cannot decode it (${err instanceof Error ? err.message : err})`);
    return file;
  }
  const frames = Math.max(1, Math.ceil(decoded.duration * RATE));
  const offline = new OfflineAudioContext(1, frames, RATE);
  const source = offline.createBufferSource();
  source.buffer = decoded;
  source.connect(offline.destination);
  source.start();
  const mono = (await offline.startRendering()).getChannelData(0);
  const name = `${(file.name || "audio").replace(/\.[^.]*$/, "")}.wav`;
  return new File([wavBytes(mono)], name, { type: "audio/wav" });
}

// wavBytes encodes samples (-1..1) as a 16-bit PCM WAV file.
/** @param {Float32Array} samples */
function wavBytes(samples) {
  const out = new DataView(new ArrayBuffer(44 + samples.length * 2));
  const text = (/** @type {number} */ at, /** @type {string} */ s) => [...s].forEach((c, i) => out.setUint8(at + i, c.charCodeAt(0)));
  text(0, "RIFF");
  out.setUint32(4, 36 + samples.length * 2, true);
  text(8, "WAVEfmt ");
  out.setUint32(16, 16, true); // fmt chunk size
  out.setUint16(20, 1, true); // PCM
  out.setUint16(22, 1, true); // mono
  out.setUint32(24, RATE, true);
  out.setUint32(28, RATE * 2, true); // bytes per second
  out.setUint16(32, 2, true); // bytes per frame
  out.setUint16(34, 16, true); // bits per sample
  text(36, "data");
  out.setUint32(40, samples.length * 2, true);
  samples.forEach((v, i) => out.setInt16(44 + i * 2, Math.max(-1, Math.min(1, v)) * 0x7fff, true));
  return out.buffer;
}
