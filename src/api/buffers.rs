//! The buffers a streamed body's pieces are read and encoded into, used again once the socket
//! has taken them. A fresh buffer for every piece cost more than the work done in it: glibc
//! gives the freed top of a heap back to the system (past its trim threshold, which stays at
//! 128 KiB once `crate::memory` fixes the mmap threshold), so each new 256 KiB piece was
//! faulted in page by page (an inline job on nine camera files took 51,000 page faults, most
//! of its system time, on the send's critical path).

use std::sync::Mutex;

use bytes::Bytes;

/// What the pool keeps between pieces, at most: enough for the pieces one request has in
/// flight (read, encoded, queued in the connection) without holding memory after it.
const KEEP_BYTES: usize = 8 << 20;

/// Empty buffers waiting to be used again.
pub struct Pool {
    free: Mutex<Vec<Vec<u8>>>,
}

impl Pool {
    const fn new() -> Self {
        Pool {
            free: Mutex::new(Vec::new()),
        }
    }

    /// An empty buffer with room for at least `cap` bytes: a kept one when one is large enough.
    pub fn take(&self, cap: usize) -> Vec<u8> {
        if let Ok(mut free) = self.free.lock()
            && let Some(at) = free.iter().rposition(|b| b.capacity() >= cap)
        {
            return free.swap_remove(at);
        }
        Vec::with_capacity(cap)
    }

    /// Takes `buf` back (emptied) unless the pool already keeps enough.
    fn give_back(&self, mut buf: Vec<u8>) {
        buf.clear();
        if let Ok(mut free) = self.free.lock() {
            let kept: usize = free.iter().map(Vec::capacity).sum();
            if kept + buf.capacity() <= KEEP_BYTES {
                free.push(buf);
            }
        }
    }

    /// `buf` as bytes for the wire; the buffer comes back to this pool when the last of them is
    /// dropped (when the connection has written it).
    pub fn share(&'static self, buf: Vec<u8>) -> Bytes {
        Bytes::from_owner(Lent { buf, pool: self })
    }

    #[cfg(test)]
    fn kept(&self) -> usize {
        self.free.lock().map(|f| f.len()).unwrap_or(0)
    }
}

struct Lent {
    buf: Vec<u8>,
    pool: &'static Pool,
}

impl AsRef<[u8]> for Lent {
    fn as_ref(&self) -> &[u8] {
        &self.buf
    }
}

impl Drop for Lent {
    fn drop(&mut self) {
        self.pool.give_back(std::mem::take(&mut self.buf));
    }
}

/// Pieces of files read to be sent.
pub static READ: Pool = Pool::new();
/// Pieces of base64 written into an inline body.
pub static ENCODED: Pool = Pool::new();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buffer_comes_back_empty_when_its_bytes_are_dropped_and_the_pool_stays_bounded() {
        static P: Pool = Pool::new();
        let mut a = P.take(1000);
        let at = a.as_ptr();
        a.extend_from_slice(b"hello");
        let bytes = P.share(a);
        let half = bytes.slice(1..3);
        drop(bytes);
        assert_eq!(P.kept(), 0, "still lent while a slice of it lives");
        assert_eq!(&half[..], b"el");
        drop(half);
        assert_eq!(P.kept(), 1);
        let b = P.take(1000);
        assert!(b.is_empty());
        assert_eq!(b.as_ptr(), at, "the same buffer is used again");
        assert_eq!(P.kept(), 0);
        // One too small for what is asked is left for later; a new one is made.
        drop(P.share(b));
        let c = P.take(2000);
        assert!(c.capacity() >= 2000);
        assert_eq!(P.kept(), 1);
        // Never more than KEEP_BYTES kept.
        let many: Vec<Bytes> = (0..20).map(|_| P.share(P.take(1 << 20))).collect();
        drop(many);
        let kept: usize = P.free.lock().unwrap().iter().map(Vec::capacity).sum();
        assert!(kept <= KEEP_BYTES, "{kept}");
    }
}
