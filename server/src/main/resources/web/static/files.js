'use strict';

// A file browser for a space (/api/spaces/{id}) or a volume (/api/volumes/{name}): navigate, download (files as
// they are, directories as tar), upload with progress, new folder, delete behind a confirmation.
// Spaces take uploads as tus 1.0 (the server checks the size against WARREN_UPLOAD_MAX_BYTES before a byte moves
// and says so in a sentence); volumes take a streamed PUT.

/** SHA-256 over pieces, for the tus upload's checksum; crypto.subtle is missing on plain-http pages. */
class Sha256 {
  static K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);

  constructor() {
    this.h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
      0x5be0cd19]);
    this.w = new Uint32Array(64);
    this.tail = new Uint8Array(64);
    this.held = 0;
    this.length = 0;
  }

  update(bytes) {
    let i = 0;
    this.length += bytes.length;
    if (this.held) {
      i = Math.min(64 - this.held, bytes.length);
      this.tail.set(bytes.subarray(0, i), this.held);
      this.held += i;
      if (this.held < 64) return;
      this.block(this.tail, 0);
      this.held = 0;
    }
    for (; i + 64 <= bytes.length; i += 64) this.block(bytes, i);
    this.tail.set(bytes.subarray(i), 0);
    this.held = bytes.length - i;
  }

  block(d, o) {
    const w = this.w, K = Sha256.K;
    for (let t = 0; t < 16; t++) w[t] = d[o + 4 * t] << 24 | d[o + 4 * t + 1] << 16 | d[o + 4 * t + 2] << 8 | d[o + 4 * t + 3];
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15], y = w[t - 2];
      const s0 = (x >>> 7 | x << 25) ^ (x >>> 18 | x << 14) ^ x >>> 3;
      const s1 = (y >>> 17 | y << 15) ^ (y >>> 19 | y << 13) ^ y >>> 10;
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    let [a, b, c, e0, e, f, g, h] = this.h;
    for (let t = 0; t < 64; t++) {
      const t1 = h + ((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (e & f ^ ~e & g) + K[t] + w[t] | 0;
      const t2 = ((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + (a & b ^ a & c ^ b & c) | 0;
      h = g; g = f; f = e; e = e0 + t1 | 0; e0 = c; c = b; b = a; a = t1 + t2 | 0;
    }
    const out = this.h;
    out[0] += a; out[1] += b; out[2] += c; out[3] += e0; out[4] += e; out[5] += f; out[6] += g; out[7] += h;
  }

  hex() {
    const bits = this.length * 8;
    const pad = new Uint8Array((this.held < 56 ? 64 : 128) - this.held);
    pad[0] = 0x80;
    const view = new DataView(pad.buffer);
    view.setUint32(pad.length - 8, Math.floor(bits / 0x100000000));
    view.setUint32(pad.length - 4, bits >>> 0);
    this.length -= pad.length; // padding is not message
    this.update(pad);
    return Array.from(this.h, v => v.toString(16).padStart(8, '0')).join('');
  }
}

document.addEventListener('alpine:init', () => {
  const base64 = text => btoa(String.fromCharCode(...new TextEncoder().encode(text)));
  const parentOf = path => path.replace(/\/[^/]*\/?$/, '') || '/';
  const join = (dir, name) => (dir.endsWith('/') ? dir : dir + '/') + name;

  /** @param options {base: '/api/spaces/ID' or '/api/volumes/NAME', kind: 'space' | 'volume', path: where to start} */
  Alpine.data('fileBrowser', options => ({
    base: options.base,
    kind: options.kind,
    path: options.path || '/',
    typed: options.path || '/',
    entries: [],
    loading: false,
    loaded: false,
    error: '',
    uploads: [],
    removing: null,
    removeError: '',
    busy: false,
    folder: '',

    init() {
      if (options.autoload !== false) this.list();
    },

    /** Lists this.path; the server's sentence (not running, not a directory, missing) when it cannot. */
    async list(path = this.path) {
      this.loading = true;
      this.error = '';
      try {
        const answer = await warren.api('GET', `${this.base}/files/list?path=${encodeURIComponent(path)}&depth=1`);
        this.entries = answer.entries.filter(e => e.path !== path)
          .sort((x, y) => (y.type === 'dir') - (x.type === 'dir') || x.name.localeCompare(y.name));
        this.path = path;
        this.typed = path;
      } catch (error) {
        this.error = error.message;
      }
      this.loading = false;
      this.loaded = true;
    },

    open(entry) {
      if (entry.type === 'dir') this.list(entry.path);
    },

    up() {
      this.list(parentOf(this.path));
    },

    downloadUrl(entry) {
      const path = encodeURIComponent(entry.path);
      if (entry.type === 'dir') {
        return this.kind === 'space' ? `${this.base}/archive?path=${path}` : `${this.base}/files/archive?path=${path}`;
      }
      return `${this.base}/files?path=${path}`;
    },

    downloadName(entry) {
      return entry.type === 'dir' ? entry.name + '.tar' : entry.name;
    },

    async makeFolder() {
      const name = this.folder.trim();
      if (!name) return;
      this.error = '';
      try {
        await warren.api('POST', `${this.base}/files/mkdir`, { path: join(this.path, name) });
        this.folder = '';
        await this.list();
      } catch (error) {
        this.error = error.message;
      }
    },

    askRemove(entry) {
      this.removing = entry;
      this.removeError = '';
      this.$refs.removeDialog.showModal();
    },

    async confirmRemove() {
      this.busy = true;
      try {
        await warren.api('DELETE', `${this.base}/files?path=${encodeURIComponent(this.removing.path)}`);
        this.$refs.removeDialog.close();
        await this.list();
      } catch (error) {
        this.removeError = error.message;
      } finally {
        this.busy = false;
      }
    },

    /** Uploads the chosen files one after another into this.path, each with its own progress bar. */
    async upload(files) {
      for (const file of Array.from(files)) {
        const row = { name: file.name, phase: 'Waiting', percent: 0, error: '', done: false };
        this.uploads.unshift(row);
        const item = this.uploads[0]; // the reactive copy
        try {
          await (this.kind === 'space' ? this.tus(file, item) : this.put(file, item));
          item.phase = 'Uploaded';
          item.percent = 100;
          item.done = true;
        } catch (error) {
          item.phase = 'Failed';
          item.error = error.message;
        }
      }
      await this.list();
    },

    async put(file, item) {
      item.phase = 'Uploading';
      const path = encodeURIComponent(join(this.path, file.name));
      await warren.send('PUT', `${this.base}/files?path=${path}`, file, { 'Content-Type': 'application/octet-stream' },
        (sent, total) => { item.percent = total ? Math.round(100 * sent / total) : 0; });
    },

    async tus(file, item) {
      item.phase = 'Checking';
      const sha = new Sha256();
      const piece = 4 << 20;
      for (let at = 0; at < file.size; at += piece) {
        sha.update(new Uint8Array(await file.slice(at, at + piece).arrayBuffer()));
        item.percent = Math.round(100 * Math.min(file.size, at + piece) / file.size);
      }
      const tus = { 'Tus-Resumable': '1.0.0' };
      const metadata = `path ${base64(join(this.path, file.name))},sha256 ${base64(sha.hex())}`;
      const created = await warren.send('POST', `${this.base}/uploads`, null,
        { ...tus, 'Upload-Length': String(file.size), 'Upload-Metadata': metadata });
      if (file.size === 0) return; // complete at creation
      item.phase = 'Uploading';
      item.percent = 0;
      await warren.send('PATCH', `/api/uploads/${created.id}`, file,
        { ...tus, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
        (sent, total) => { item.percent = total ? Math.round(100 * sent / total) : 0; });
    },
  }));
});
