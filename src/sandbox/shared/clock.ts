/**
 * Sandbox time. `timeScale` > 1 makes limits and lifetimes pass faster so tests need not wait real minutes: with a
 * scale of 60, a "per minute" rate window lasts one real second and a 30-minute access token expires after 30 s.
 * Record timestamps stay on the real clock so data written in tests is dated today.
 */
export class SandboxClock {
  constructor(readonly timeScale = 1) {
    if (!(timeScale > 0)) throw new RangeError(`time scale must be positive, not ${timeScale}`);
  }

  now(): Date {
    return new Date();
  }

  /** Real milliseconds that a simulated duration lasts. */
  realDuration(simulatedMs: number): number {
    return simulatedMs / this.timeScale;
  }
}
