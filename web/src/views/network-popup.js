// The network diagram's popup: a small card beside what the pointer or the keyboard is on (a
// unit or a link), with a bold title, an optional enlarged picture and a few lines of text,
// each line with an optional note on the right (scikit-learn's name of the number).
// A canvas of its own over the diagram, so that showing or moving it repaints nothing else.
// Its data-* attributes say what it shows, for tests and tools: data-kind ('unit', 'output',
// 'link'), data-id, data-text (the lines, joined by ' | '), data-image ('x,y,size' in CSS px,
// when there is a picture) and data-at (the point it is beside).

import { FONT, FONT_BOLD, INK, INK_MUTED } from './canvas-util.js';

export const POPUP_IMAGE = 180;
const PAD = 10;
const LINE = 17;

/**
 * createPopup(doc) -> { el, show({ kind, id, title, rows, image?, at, gap, bounds, dpr }), hide() }
 * rows: [{ text, note?, muted? }]; image: { source, sx, sy, sw, sh } drawn POPUP_IMAGE square
 * (smoothed); at: { x, y } in the container's CSS px; gap: how far beside `at` it goes;
 * bounds: { width, height } of the container (it stays inside).
 */
export function createPopup(doc) {
  const el = doc.createElement('canvas');
  el.className = 'network-popup';
  el.setAttribute('aria-hidden', 'true');
  Object.assign(el.style, {
    position: 'absolute',
    display: 'none',
    pointerEvents: 'none',
    zIndex: '2',
    borderRadius: '6px',
    boxShadow: '0 2px 10px rgba(0, 0, 0, 0.22)',
  });
  const c = el.getContext('2d');

  function show({ kind, id, title, rows, image = null, at, gap, bounds, dpr }) {
    const w = POPUP_IMAGE + PAD * 2;
    // Lines: a note goes beside its row when it fits, else on a line of its own.
    c.font = FONT;
    const lines = [];
    for (const row of rows) {
      const room = w - PAD * 2 - c.measureText(row.text).width - 10;
      const beside = row.note && c.measureText(row.note).width <= room;
      lines.push({ text: row.text, muted: row.muted, note: beside ? row.note : null });
      if (row.note && !beside) lines.push({ text: row.note, muted: true, indent: 10 });
    }
    const h = PAD + 18 + (image ? POPUP_IMAGE + 8 : 4) + lines.length * LINE + PAD - 4;
    if (el.width !== Math.round(w * dpr) || el.height !== Math.round(h * dpr)) {
      el.width = Math.round(w * dpr);
      el.height = Math.round(h * dpr);
      el.style.width = `${w}px`;
      el.style.height = `${h}px`;
    }
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.fillStyle = '#ffffff';
    c.fillRect(0, 0, w, h);
    c.strokeStyle = 'rgba(17, 20, 24, 0.25)';
    c.lineWidth = 1;
    c.strokeRect(0.5, 0.5, w - 1, h - 1);
    c.font = FONT_BOLD;
    c.fillStyle = INK;
    c.textAlign = 'left';
    c.textBaseline = 'top';
    c.fillText(fit(c, title, w - PAD * 2), PAD, PAD);
    let y = PAD + 18;
    if (image) {
      c.imageSmoothingEnabled = true;
      c.imageSmoothingQuality = 'high';
      c.drawImage(image.source, image.sx, image.sy, image.sw, image.sh, PAD, y, POPUP_IMAGE, POPUP_IMAGE);
      c.strokeStyle = 'rgba(17, 20, 24, 0.4)';
      c.strokeRect(PAD - 0.5, y - 0.5, POPUP_IMAGE + 1, POPUP_IMAGE + 1);
      el.dataset.image = `${PAD},${y},${POPUP_IMAGE}`;
      y += POPUP_IMAGE + 8;
    } else {
      delete el.dataset.image;
      y += 4;
    }
    c.font = FONT;
    for (const line of lines) {
      c.fillStyle = line.muted ? INK_MUTED : INK;
      c.fillText(fit(c, line.text, w - PAD * 2 - (line.indent ?? 0)), PAD + (line.indent ?? 0), y);
      if (line.note) {
        c.fillStyle = INK_MUTED;
        c.textAlign = 'right';
        c.fillText(line.note, w - PAD, y);
        c.textAlign = 'left';
      }
      y += LINE;
    }
    // Beside the point, on whichever side has room, inside the container.
    let left = at.x + gap;
    if (left + w > bounds.width && at.x - gap - w >= 0) left = at.x - gap - w;
    left = Math.max(0, Math.min(left, bounds.width - w));
    const top = Math.max(0, Math.min(at.y - h / 2, bounds.height - h));
    el.style.left = `${Math.round(left)}px`;
    el.style.top = `${Math.round(top)}px`;
    el.style.display = 'block';
    el.dataset.kind = kind;
    el.dataset.id = id;
    el.dataset.text = [title, ...rows.map((r) => (r.note ? `${r.text} ${r.note}` : r.text))].join(' | ');
    el.dataset.at = `${Math.round(at.x)},${Math.round(at.y)}`;
  }

  function hide() {
    if (el.style.display === 'none') return;
    el.style.display = 'none';
    for (const key of ['kind', 'id', 'text', 'image', 'at']) delete el.dataset[key];
  }

  return { el, show, hide };
}

/** The text, cut with an ellipsis to fit `width`. */
export function fit(c, text, width) {
  if (c.measureText(text).width <= width) return text;
  let t = text;
  while (t.length > 1 && c.measureText(`${t}\u2026`).width > width) t = t.slice(0, -1);
  return `${t}\u2026`;
}
