import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface RotationOptions {
  readonly directory: string;
  /** The live file's name; rotated files are `<base>.1.log` (newest) … `<base>.<keep>.log`. Default `counterpart`. */
  readonly base?: string | undefined;
  /** Rotate once the live file would pass this size. Default 5 MB. */
  readonly maxBytes?: number | undefined;
  /** Rotated files kept besides the live one. Default 5. */
  readonly keep?: number | undefined;
}

/**
 * A size-rotated log file for pino: each line is written synchronously (a crash loses nothing already logged), and
 * once the file would pass its size the older files shift up by one and the oldest beyond `keep` is removed.
 */
export class RotatingLogFile {
  private fd: number;
  private size: number;
  private readonly base: string;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(private readonly options: RotationOptions) {
    this.base = options.base ?? 'counterpart';
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.keep = options.keep ?? 5;
    mkdirSync(options.directory, { recursive: true });
    this.fd = openSync(this.fileAt(0), 'a');
    this.size = fstatSync(this.fd).size;
  }

  /** The live file first, then rotated files from newest to oldest: the order a search reads them in. */
  files(): string[] {
    return Array.from({ length: this.keep + 1 }, (_, index) => this.fileAt(index)).filter((file) => existsSync(file));
  }

  write(line: string): boolean {
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    writeSync(this.fd, line);
    this.size += bytes;
    return true;
  }

  close(): void {
    closeSync(this.fd);
  }

  private rotate(): void {
    closeSync(this.fd);
    rmSync(this.fileAt(this.keep), { force: true });
    for (let index = this.keep - 1; index >= 0; index -= 1) {
      if (existsSync(this.fileAt(index))) renameSync(this.fileAt(index), this.fileAt(index + 1));
    }
    this.fd = openSync(this.fileAt(0), 'a');
    this.size = 0;
  }

  private fileAt(index: number): string {
    return join(this.options.directory, index === 0 ? `${this.base}.log` : `${this.base}.${index}.log`);
  }
}
