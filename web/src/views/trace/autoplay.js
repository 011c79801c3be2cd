// The panel's autoplay: a step every `interval` ms until the last step, then it stops by
// itself. The clock comes in as arguments (setTimer, clearTimer), so node drives it with a
// fake one.

/**
 * @param {{ advance: () => boolean, atEnd: () => boolean, restart: () => void, onChange?: (playing: boolean) => void,
 *   interval?: number, setTimer?: (fn: () => void, ms: number) => unknown, clearTimer?: (id: unknown) => void }} o
 * advance(): moves one step (false when it could not); atEnd(): on the last step; restart():
 * back to the first step (play() on the last step starts over); onChange(playing) after play
 * or pause.
 */
export function createAutoplay({ advance, atEnd, restart, onChange = () => {}, interval = 1200, setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = (id) => clearTimeout(/** @type {number} */ (id)) }) {
  let timer = null;
  const tick = () => {
    timer = null;
    if (!advance() || atEnd()) {
      onChange(false);
      return;
    }
    timer = setTimer(tick, interval);
  };
  const stop = () => {
    if (timer === null) return false;
    clearTimer(timer);
    timer = null;
    return true;
  };
  return {
    get playing() {
      return timer !== null;
    },
    play() {
      if (timer !== null) return;
      if (atEnd()) restart();
      timer = setTimer(tick, interval);
      onChange(true);
    },
    pause() {
      if (stop()) onChange(false);
    },
    toggle() {
      if (timer !== null) this.pause();
      else this.play();
    },
    /** Stops without telling (the panel is cleared or destroyed). */
    stop,
  };
}
