/**
 * The parts of a zip package (an .xlsx file), read on demand with fflate: the directory is
 * listed once, and a part is inflated only when it is asked for, so a reader holds one
 * worksheet's bytes at a time. Browser-safe (no `fs`, no `Buffer`, no Node zlib): the
 * standalone task pane reads workbooks with it in a Web Worker.
 */
import { unzipSync } from "fflate";

/** A zip package opened for reading its parts. */
export class ZipParts {
  private constructor(
    private readonly bytes: Uint8Array,
    /** Path as the reader asks for it (a leading `/` dropped) → name as stored in the zip. */
    private readonly stored: ReadonlyMap<string, string>,
  ) {}

  /**
   * List the parts of a zip package (folders left out). Throws fflate's error when the bytes
   * are not a readable zip (no central directory: a truncated or damaged file).
   */
  static open(bytes: Uint8Array): ZipParts {
    const stored = new Map<string, string>();
    unzipSync(bytes, {
      filter: (f) => {
        if (!f.name.endsWith("/")) stored.set(f.name.startsWith("/") ? f.name.slice(1) : f.name, f.name);
        return false;
      },
    });
    return new ZipParts(bytes, stored);
  }

  /** Paths of the parts, in the order of the zip's directory. */
  get paths(): string[] {
    return [...this.stored.keys()];
  }

  /** True when the package holds this part. */
  has(path: string): boolean {
    return this.stored.has(path);
  }

  /** The part's bytes, inflated; null when there is no such part. Throws when it cannot be inflated. */
  bytesOf(path: string): Uint8Array | null {
    const name = this.stored.get(path);
    if (name === undefined) return null;
    const out = unzipSync(this.bytes, { filter: (f) => f.name === name });
    return out[name] ?? null;
  }

  /** The part as UTF-8 text; null when there is no such part. */
  text(path: string): string | null {
    const b = this.bytesOf(path);
    return b === null ? null : new TextDecoder("utf-8").decode(b);
  }
}
