// @ts-check
// A token bucket: burst calls at once, then one more each refillMs.

export class RateBucket {
  #tokens;
  #last;
  /**
   * @param {number} burst
   * @param {number} refillMs
   * @param {() => number} [now] the clock, in ms
   */
  constructor(burst, refillMs, now = () => performance.now()) {
    this.burst = burst;
    this.refillMs = refillMs;
    this.now = now;
    this.#tokens = burst;
    this.#last = now();
  }

  /** Takes one call's token; false when there is none left. */
  take() {
    const t = this.now();
    this.#tokens = Math.min(this.burst, this.#tokens + (t - this.#last) / this.refillMs);
    this.#last = t;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
