//! The WebAssembly module's interface (target `wasm32-wasip1`, built by `scripts/explorer.sh`): plain
//! `extern "C"` functions over the module's memory, called by the page's hand-written loader
//! (`web/worker.js`); docs/explorer.md says why there is no binding generator.
//!
//! A call: the loader copies a UTF-8 JSON request into memory from [`armistice_alloc`], calls
//! [`armistice_handle`] (which frees the request), and reads the answer's
//! [`armistice_output_len`] bytes at [`armistice_output`]. While a batch runs, the module calls the
//! loader's `armistice.progress(done, total)`. The embedded fonts are exported too
//! ([`armistice_font`]), so the page shows the charts in the font they were laid out with.

use std::cell::RefCell;

#[link(wasm_import_module = "armistice")]
unsafe extern "C" {
    /// Runs done of runs asked (or variants done of variants, for a comparison).
    #[link_name = "progress"]
    fn js_progress(done: f64, total: f64);
}

thread_local! {
    /// The last answer, kept until the next call.
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Allocates `len` bytes for a request.
#[unsafe(no_mangle)]
pub extern "C" fn armistice_alloc(len: usize) -> *mut u8 {
    let mut v = std::mem::ManuallyDrop::new(Vec::<u8>::with_capacity(len));
    v.as_mut_ptr()
}

/// Answers the request of `len` bytes at `ptr` (from [`armistice_alloc`], freed here); returns the
/// answer's length.
///
/// # Safety
/// `ptr` must come from `armistice_alloc(len)` with `len` bytes written.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn armistice_handle(ptr: *mut u8, len: usize) -> usize {
    // SAFETY: the loader wrote `len` bytes into the buffer `armistice_alloc(len)` returned.
    let bytes = unsafe { Vec::from_raw_parts(ptr, len, len) };
    let request = String::from_utf8_lossy(&bytes);
    let answer = super::handle(&request, &mut |done, total| {
        // SAFETY: the loader provides `armistice.progress`; it only posts a message.
        unsafe { js_progress(done as f64, total as f64) }
    });
    let n = answer.len();
    OUTPUT.with(|o| *o.borrow_mut() = answer.into_bytes());
    n
}

/// Where the last answer is.
#[unsafe(no_mangle)]
pub extern "C" fn armistice_output() -> *const u8 {
    OUTPUT.with(|o| o.borrow().as_ptr())
}

/// Length of the last answer.
#[unsafe(no_mangle)]
pub extern "C" fn armistice_output_len() -> usize {
    OUTPUT.with(|o| o.borrow().len())
}

/// Where the embedded regular (`bold` = 0) or bold font is.
#[unsafe(no_mangle)]
pub extern "C" fn armistice_font(bold: u32) -> *const u8 {
    crate::chart::font_bytes(bold != 0).as_ptr()
}

/// Length of the embedded regular (`bold` = 0) or bold font.
#[unsafe(no_mangle)]
pub extern "C" fn armistice_font_len(bold: u32) -> usize {
    crate::chart::font_bytes(bold != 0).len()
}
