// A small synchronous compressor for share links: an adaptive binary range coder (the
// scheme of LZMA's coder: 32-bit range, 11-bit probabilities, a carry kept in `cache`),
// integers coded by their bit length then their bits, each under its own adapting model,
// and base64url for the bytes. Pure; no DOM. Why not CompressionStream: it is async, and
// the page writes links synchronously (the address, a lesson's Previous/Next hrefs).
//
// Contract of the decoder: it never throws and never reads outside its input (bytes past
// the end read as 0; `overrun` says how many were asked for), so a damaged link decodes to
// numbers that the caller checks, in time proportional to what the caller asks for.

const TOP = 2 ** 24;
const PROB_BITS = 11;
const ONE = 1 << PROB_BITS;
const MOVE = 4; // adaptation speed: links hold few symbols, so the models learn fast
const MAX_BITS = 53; // integers up to 2^53 - 1 (bit length 1..53)
const LEN_TREE = 64; // bit lengths 1..53 as a 6-bit tree

const newProbs = (n) => new Uint16Array(n).fill(ONE >> 1);

/** A bit-length-then-bits model for unsigned integers; `contexts` separate models chosen by the caller. */
export class IntModel {
  constructor(contexts = 1) {
    this.len = Array.from({ length: contexts }, () => newProbs(LEN_TREE));
    // The bits under the leading one, by (length, position): the top bits of a length carry its shape.
    this.bits = Array.from({ length: contexts }, () => newProbs(LEN_TREE * LEN_TREE));
  }
}

/** The encoder: bit(probs, i, b), int(model, u, ctx), sint(model, s, ctx), raw(value, nBits); finish() -> Uint8Array. */
export class RangeEncoder {
  constructor() {
    this.low = 0;
    this.range = 0xffffffff;
    this.cache = 0;
    this.cacheSize = 1;
    this.out = [];
  }

  shiftLow() {
    // low has up to 33 bits; a carry out of bit 32 ripples into the bytes held back.
    if (this.low < 0xff000000 || this.low >= 2 ** 32) {
      const carry = this.low >= 2 ** 32 ? 1 : 0;
      let held = this.cache;
      do {
        this.out.push((held + carry) & 0xff);
        held = 0xff;
      } while (--this.cacheSize !== 0);
      this.cache = Math.floor(this.low / TOP) & 0xff;
    }
    this.cacheSize += 1;
    this.low = (this.low % TOP) * 256;
  }

  bit(probs, i, b) {
    const p = probs[i];
    const bound = (this.range >>> PROB_BITS) * p;
    if (b) {
      this.low += bound;
      this.range -= bound;
      probs[i] = p - (p >> MOVE);
    } else {
      this.range = bound;
      probs[i] = p + ((ONE - p) >> MOVE);
    }
    while (this.range < TOP) {
      this.range *= 256;
      this.shiftLow();
    }
  }

  /** nBits (<= 32) plain bits of value, most significant first, at probability 1/2. */
  raw(value, nBits) {
    for (let k = nBits - 1; k >= 0; k -= 1) {
      this.range = Math.floor(this.range / 2);
      if (Math.floor(value / 2 ** k) % 2) this.low += this.range;
      while (this.range < TOP) {
        this.range *= 256;
        this.shiftLow();
      }
    }
  }

  /** An unsigned integer (0 <= u < 2^53 - 1) under model context ctx. */
  int(model, u, ctx = 0) {
    const v = u + 1;
    const n = bitLength(v);
    const len = model.len[ctx];
    let node = 1;
    for (let k = 5; k >= 0; k -= 1) {
      const b = ((n - 1) >> k) & 1;
      this.bit(len, node, b);
      node = node * 2 + b;
    }
    const bits = model.bits[ctx];
    if (n <= 31) {
      for (let k = n - 2; k >= 0; k -= 1) this.bit(bits, n * LEN_TREE + k, (v >> k) & 1);
    } else {
      for (let k = n - 2; k >= 0; k -= 1) this.bit(bits, n * LEN_TREE + k, Math.floor(v / 2 ** k) % 2);
    }
  }

  /** A signed integer, zigzagged (0, -1, 1, -2, ... -> 0, 1, 2, 3, ...). */
  sint(model, s, ctx = 0) {
    this.int(model, s < 0 ? -2 * s - 1 : 2 * s, ctx);
  }

  finish() {
    for (let k = 0; k < 5; k += 1) this.shiftLow();
    return Uint8Array.from(this.out);
  }
}

function bitLength(v) {
  if (v < 2 ** 31) return 32 - Math.clz32(v);
  let n = 0;
  while (v >= 1) {
    v = Math.floor(v / 2);
    n += 1;
  }
  return n;
}

/** The decoder over bytes (a Uint8Array): the mirror of RangeEncoder. Never throws. */
export class RangeDecoder {
  constructor(bytes, start = 0) {
    this.bytes = bytes;
    this.pos = start;
    this.overrun = 0;
    this.range = 0xffffffff;
    this.code = 0;
    for (let k = 0; k < 5; k += 1) this.code = (this.code * 256 + this.next()) % 2 ** 32;
  }

  next() {
    if (this.pos < this.bytes.length) return this.bytes[this.pos++];
    this.overrun += 1;
    return 0;
  }

  normalize() {
    while (this.range < TOP) {
      this.range *= 256;
      // % 2^32: damaged input may leave code >= range; it stays a bounded number.
      this.code = (this.code * 256 + this.next()) % 2 ** 32;
    }
  }

  bit(probs, i) {
    const p = probs[i];
    const bound = (this.range >>> PROB_BITS) * p;
    let b;
    if (this.code < bound) {
      this.range = bound;
      probs[i] = p + ((ONE - p) >> MOVE);
      b = 0;
    } else {
      this.code -= bound;
      this.range -= bound;
      probs[i] = p - (p >> MOVE);
      b = 1;
    }
    this.normalize();
    return b;
  }

  raw(nBits) {
    let value = 0;
    for (let k = 0; k < nBits; k += 1) {
      this.range = Math.floor(this.range / 2);
      let b = 0;
      if (this.code >= this.range) {
        this.code -= this.range;
        b = 1;
      }
      value = value * 2 + b;
      this.normalize();
    }
    return value;
  }

  /** An unsigned integer; a damaged stream gives some integer below 2^53, never more. */
  int(model, ctx = 0) {
    const len = model.len[ctx];
    let node = 1;
    for (let k = 0; k < 6; k += 1) node = node * 2 + this.bit(len, node);
    const n = Math.min(node - LEN_TREE + 1, MAX_BITS);
    const bits = model.bits[ctx];
    let v = 1;
    for (let k = n - 2; k >= 0; k -= 1) v = v * 2 + this.bit(bits, n * LEN_TREE + k);
    return v - 1;
  }

  sint(model, ctx = 0) {
    const u = this.int(model, ctx);
    return u % 2 ? -(u + 1) / 2 : u / 2;
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** Bytes as base64url without padding (characters a query value carries unescaped). */
export function toBase64Url(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k += 1) s += B64[(n >> (18 - 6 * k)) & 63];
  }
  return s;
}

/** base64url text (also '+' '/' and '=' padding) as bytes, or null when a character is not base64. */
export function fromBase64Url(text) {
  const clean = String(text).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  if (clean.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((clean.length * 6) / 8));
  let acc = 0;
  let nBits = 0;
  let j = 0;
  for (const c of clean) {
    const v = B64_INDEX.get(c);
    if (v === undefined) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    nBits += 6;
    if (nBits >= 8) {
      nBits -= 8;
      out[j++] = (acc >> nBits) & 0xff;
    }
  }
  return out;
}
