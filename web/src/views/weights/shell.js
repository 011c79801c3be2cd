// What both weight views share around their own painting and drawing: a scheduler that draws
// with render() on the next animation frame, a redraw on resize, the hover's title, and the
// methods prepare(deadline), resize, render and destroy.

import { createScheduler, observeResize, timed } from '../canvas-util.js';
import { taskQueue } from '../../ui/tasks.js';
import { watchHover } from './hit-test.js';

/**
 * createViewShell(canvas, { name, isVisible, paint(deadline) (true when done), render, titleAt(x, y) })
 * -> { prepare, resize, render, destroy, width() }: the view's methods besides update(). prepare()
 * paints until `deadline` (timed as `${name}-paint`) and returns true while there is more to do;
 * nothing is painted while isVisible() is false. width(): the canvas's CSS width as the resize
 * observer last read it (null before): a redraw that uses it forces no layout of the page.
 */
export function createViewShell(canvas, { name, isVisible, paint, render, titleAt }) {
  const scheduler = createScheduler(render, name, { nextTask: taskQueue() }); // redraws after the frame, in a task of their own
  let width = null;
  const stopObserving = observeResize(canvas, () => {
    width = canvas.clientWidth; // in the observer's callback the layout is fresh: no layout forced
    resize();
  });
  const stopHover = watchHover(canvas, titleAt);
  if (!canvas.hasAttribute('role')) canvas.setAttribute('role', 'img');

  function resize() {
    if (!canvas.clientWidth) return;
    scheduler.request();
  }

  return {
    prepare(deadline = Infinity) {
      scheduler.cancel();
      if (!isVisible()) return false;
      return !timed(`${name}-paint`, () => paint(deadline));
    },
    resize,
    render: () => scheduler.flush(),
    width: () => width,
    destroy() {
      scheduler.cancel();
      stopObserving();
      stopHover();
    },
  };
}
