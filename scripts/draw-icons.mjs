#!/usr/bin/env node
// Draws the add-in icons as PNG files: assets/icons/icon-<size>.png.
//
// Design: a rounded square in a deep green with three white bars rising from left to
// right (a plan that grows month by month). Drawn with 4x4 supersampling so that the
// rounded corners are smooth; bar edges are snapped to whole pixels so that the small
// sizes (16, 32) stay crisp. Encoded with a tiny PNG writer on node:zlib: no dependency.
//
// Usage: node scripts/draw-icons.mjs [outDir]   (npm run icons)

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

export const ICON_SIZES = [16, 32, 64, 80, 128];

const TOP_GREEN = [0x14, 0x6c, 0x43]; // #146C43
const BOTTOM_GREEN = [0x0b, 0x4d, 0x2f]; // #0B4D2F
const WHITE = [0xff, 0xff, 0xff];
const SUBSAMPLES = 4;

// ---------------------------------------------------------------- PNG encoder

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const typeBytes = Buffer.from(type, "ascii");
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  typeBytes.copy(out, 4);
  data.copy(out, 8);
  out.writeUInt32BE(crc32(Buffer.concat([typeBytes, data])), 8 + data.length);
  return out;
}

/**
 * Encodes straight-alpha RGBA pixels (row-major, 4 bytes a pixel) as a PNG file.
 * @param {number} width
 * @param {number} height
 * @param {Uint8Array} rgba
 * @returns {Buffer}
 */
export function encodePng(width, height, rgba) {
  if (rgba.length !== width * height * 4) throw new Error("encodePng: pixel buffer has the wrong length");
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------- drawing

function insideRoundedRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  const dx = x - cx;
  const dy = y - cy;
  return dx * dx + dy * dy <= r * r;
}

/** Bars in pixel units: [{ x0, x1, top, bottom, r }]. */
function barGeometry(size) {
  const margin = Math.round(size * 0.2);
  const width = size - 2 * margin;
  const height = size - 2 * margin;
  const gap = Math.max(1, Math.round(width * 0.2));
  const barWidth = Math.floor((width - 2 * gap) / 3);
  const total = 3 * barWidth + 2 * gap;
  const left = margin + Math.floor((width - total) / 2);
  const bottom = size - margin;
  const fractions = [0.4, 0.65, 0.92];
  const radius = size >= 64 ? barWidth * 0.22 : 0;
  return fractions.map((f, i) => {
    const x0 = left + i * (barWidth + gap);
    return { x0, x1: x0 + barWidth, top: bottom - Math.round(height * f), bottom, r: radius };
  });
}

/**
 * Draws the icon at `size` x `size` pixels.
 * @param {number} size
 * @returns {Uint8Array} straight-alpha RGBA
 */
export function drawIcon(size) {
  const rgba = new Uint8Array(size * size * 4);
  const cornerRadius = size * 0.2;
  const bars = barGeometry(size);
  const n = SUBSAMPLES;
  for (let py = 0; py < size; py++) {
    const t = py / Math.max(1, size - 1);
    const green = TOP_GREEN.map((c, i) => c + (BOTTOM_GREEN[i] - c) * t);
    for (let px = 0; px < size; px++) {
      let a = 0;
      const acc = [0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = px + (sx + 0.5) / n;
          const y = py + (sy + 0.5) / n;
          if (!insideRoundedRect(x, y, 0, 0, size, size, cornerRadius)) continue;
          const onBar = bars.some((b) =>
            b.r > 0
              ? insideRoundedRect(x, y, b.x0, b.top, b.x1, b.bottom + b.r, b.r)
              : x >= b.x0 && x < b.x1 && y >= b.top && y < b.bottom,
          );
          const colour = onBar ? WHITE : green;
          a += 1;
          for (let i = 0; i < 3; i++) acc[i] += colour[i];
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        for (let i = 0; i < 3; i++) rgba[o + i] = Math.round(acc[i] / a);
        rgba[o + 3] = Math.round((255 * a) / (n * n));
      }
    }
  }
  return rgba;
}

// ---------------------------------------------------------------- main

const here = dirname(fileURLToPath(import.meta.url));
const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);

if (isMain) {
  const outDir = resolve(process.argv[2] ?? join(here, "..", "assets", "icons"));
  mkdirSync(outDir, { recursive: true });
  for (const size of ICON_SIZES) {
    const file = join(outDir, `icon-${size}.png`);
    const png = encodePng(size, size, drawIcon(size));
    writeFileSync(file, png);
    console.log(`${file}  ${size}x${size}  ${png.length} bytes`);
  }
}
