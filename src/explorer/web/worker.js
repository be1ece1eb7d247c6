// The explorer's Web Worker: runs the armistice engine (WebAssembly, target wasm32-wasip1) off the
// page's thread. The page posts {module, request} (a compiled WebAssembly.Module and a JSON request);
// the worker answers {type: "progress", done, total}, then {type: "answer", text} or
// {type: "failure", message}. A request the page no longer wants is cancelled by terminating the worker.
//
// The module is a WASI "reactor" without a file system: the small shim below gives it an empty
// environment, no preopened directories (so no file can be opened), the clock and random bytes
// (std's hash maps ask for them), and collects what it writes to stderr (a panic's message).
"use strict";

let instance = null;
let stderr = "";

const ERRNO_SUCCESS = 0;
const ERRNO_BADF = 8;
const ERRNO_NOSYS = 52;

function wasi(memory) {
  const view = () => new DataView(memory().buffer);
  const bytes = () => new Uint8Array(memory().buffer);
  const unsupported = () => ERRNO_NOSYS;
  return {
    environ_sizes_get(countPtr, sizePtr) {
      view().setUint32(countPtr, 0, true);
      view().setUint32(sizePtr, 0, true);
      return ERRNO_SUCCESS;
    },
    environ_get() {
      return ERRNO_SUCCESS;
    },
    random_get(ptr, len) {
      for (let at = 0; at < len; at += 65536) {
        crypto.getRandomValues(bytes().subarray(ptr + at, ptr + Math.min(len, at + 65536)));
      }
      return ERRNO_SUCCESS;
    },
    fd_write(fd, iovs, iovsLen, nwrittenPtr) {
      const v = view();
      let n = 0;
      for (let i = 0; i < iovsLen; i++) {
        const ptr = v.getUint32(iovs + 8 * i, true);
        const len = v.getUint32(iovs + 8 * i + 4, true);
        if (fd === 2 || fd === 1) {
          stderr += new TextDecoder().decode(bytes().slice(ptr, ptr + len));
        }
        n += len;
      }
      v.setUint32(nwrittenPtr, n, true);
      return fd === 1 || fd === 2 ? ERRNO_SUCCESS : ERRNO_BADF;
    },
    fd_fdstat_get(fd, ptr) {
      if (fd > 2) return ERRNO_BADF;
      bytes().fill(0, ptr, ptr + 24);
      view().setUint8(ptr, 2); // character device
      return ERRNO_SUCCESS;
    },
    // No preopened directory: std then refuses every path before asking for it.
    fd_prestat_get: () => ERRNO_BADF,
    fd_prestat_dir_name: () => ERRNO_BADF,
    fd_close: () => ERRNO_BADF,
    fd_filestat_get: () => ERRNO_BADF,
    fd_read: () => ERRNO_BADF,
    fd_readdir: () => ERRNO_BADF,
    fd_sync: () => ERRNO_BADF,
    path_create_directory: unsupported,
    path_filestat_get: unsupported,
    path_open: unsupported,
    path_remove_directory: unsupported,
    path_rename: unsupported,
    path_unlink_file: unsupported,
    clock_time_get(id, precision, ptr) {
      const ns = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
      view().setBigUint64(ptr, ns, true);
      return ERRNO_SUCCESS;
    },
    sched_yield: () => ERRNO_SUCCESS,
    proc_exit(code) {
      throw new Error("the engine exited with code " + code);
    },
  };
}

async function start(module) {
  let memory = null;
  const shim = wasi(() => memory);
  const imports = {
    wasi_snapshot_preview1: new Proxy(shim, {
      // Any other WASI function a future build links is answered "not supported", not a link error.
      get: (target, name) => (name in target ? target[name] : () => ERRNO_NOSYS),
    }),
    armistice: {
      progress: (done, total) => postMessage({ type: "progress", done, total }),
    },
  };
  instance = await WebAssembly.instantiate(module, imports);
  memory = instance.exports.memory;
  if (instance.exports._initialize) instance.exports._initialize();
}

function call(request) {
  const e = instance.exports;
  const input = new TextEncoder().encode(request);
  const ptr = e.armistice_alloc(input.length);
  new Uint8Array(e.memory.buffer).set(input, ptr);
  const len = e.armistice_handle(ptr, input.length);
  const out = e.armistice_output();
  return new TextDecoder().decode(new Uint8Array(e.memory.buffer, out, len));
}

function fonts() {
  const e = instance.exports;
  const copy = (bold) =>
    new Uint8Array(e.memory.buffer, e.armistice_font(bold), e.armistice_font_len(bold)).slice().buffer;
  return { regular: copy(0), bold: copy(1) };
}

onmessage = async (event) => {
  const { module, request, wantFonts } = event.data;
  try {
    if (!instance) await start(module);
    if (wantFonts) {
      const f = fonts();
      postMessage({ type: "fonts", regular: f.regular, bold: f.bold }, [f.regular, f.bold]);
    }
    const text = call(request);
    postMessage({ type: "answer", text });
  } catch (err) {
    // A trap (a panic aborts) loses the instance: the next request starts a fresh one.
    instance = null;
    const detail = stderr.trim();
    stderr = "";
    postMessage({ type: "failure", message: String(err) + (detail ? "\n" + detail : "") });
  }
};
