/**
 * A UTF-8 byte buffer for the .xlsx writer's sheet XML: markup, cell references and numbers go
 * straight into bytes, in chunks handed to the zip stream, so writing millions of cells makes
 * neither millions of short-lived strings nor one huge one.
 *
 * Browser-safe and pure.
 */

/** Bytes gathered before a chunk is handed out. */
const CHUNK = 1 << 20;

/** Writes text as UTF-8 into chunks of about a megabyte. */
export class ByteWriter {
  private buf = new Uint8Array(CHUNK);
  private pos = 0;
  private readonly encoder = new TextEncoder();

  /** `sink` receives each full chunk (it may keep it: a new buffer follows). */
  constructor(private readonly sink: (chunk: Uint8Array) => void) {}

  private room(n: number): void {
    if (this.pos + n > this.buf.length) this.flush();
  }

  /** Hand out what has been written so far. */
  flush(): void {
    if (this.pos === 0) return;
    this.sink(this.buf.subarray(0, this.pos));
    this.buf = new Uint8Array(CHUNK);
    this.pos = 0;
  }

  /** Any text, as UTF-8. */
  text(s: string): void {
    const n = s.length;
    if (n > CHUNK / 4) {
      this.flush();
      this.sink(this.encoder.encode(s));
      return;
    }
    this.room(n * 3);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        // Not ASCII: the encoder takes the rest (surrogate pairs included).
        pos += this.encoder.encodeInto(s.slice(i), buf.subarray(pos)).written;
        this.pos = pos;
        return;
      }
      buf[pos++] = c;
    }
    this.pos = pos;
  }

  /** Bytes already encoded. */
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A non-negative integer below 2^53, in decimal. */
  uint(n: number): void {
    this.room(16);
    const buf = this.buf;
    if (n < 10) {
      buf[this.pos++] = 48 + n;
      return;
    }
    let digits = 0;
    for (let m = n; m >= 1; m = Math.floor(m / 10)) digits++;
    let end = this.pos + digits;
    this.pos = end;
    for (let m = n; m >= 1; m = Math.floor(m / 10)) buf[--end] = 48 + (m % 10);
  }
}

/** The UTF-8 bytes of a text (for markup written many times, encoded once). */
export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}
