//! How work on the runtime reports back: a [`Post`] sends a message and wakes whoever reads the
//! matching [`Inbox`]. The window makes one inbox for everything it waits for and hands each part
//! a `Post` mapped into its own message type ([`Post::map`]): one stream, one wake-up, one place
//! where the frame reads it.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// Sends `T` to an inbox (and wakes its reader). Cheap to clone; never blocks.
pub struct Post<T>(Arc<dyn Fn(T) + Send + Sync>);

impl<T> Clone for Post<T> {
    fn clone(&self) -> Self {
        Post(self.0.clone())
    }
}

impl<T: Send + 'static> Post<T> {
    /// A post that hands every message to `f`.
    pub fn new(f: impl Fn(T) + Send + Sync + 'static) -> Self {
        Post(Arc::new(f))
    }

    /// Sends `message`; a reader that went away is not an error (the window closed).
    pub fn send(&self, message: T) {
        (self.0)(message)
    }

    /// A post for another message type, wrapped into this one (e.g. `Inbound::Engine`).
    pub fn map<U: Send + 'static>(&self, wrap: impl Fn(U) -> T + Send + Sync + 'static) -> Post<U> {
        let inner = self.0.clone();
        Post(Arc::new(move |u| inner(wrap(u))))
    }
}

/// Where posted messages wait for the reader.
pub struct Inbox<T> {
    rx: Receiver<T>,
}

/// A post and its inbox; `wake` runs after every message (the window: request a repaint).
pub fn inbox<T: Send + 'static>(wake: Arc<dyn Fn() + Send + Sync>) -> (Post<T>, Inbox<T>) {
    let (tx, rx) = channel();
    let post = Post::new(move |m| {
        let _ = tx.send(m);
        wake();
    });
    (post, Inbox { rx })
}

impl<T> Inbox<T> {
    /// Everything that arrived, without waiting.
    pub fn drain(&self) -> Vec<T> {
        self.rx.try_iter().collect()
    }

    /// The next message, waiting at most until `deadline` (tests and the command line).
    pub fn next_before(&self, deadline: Instant) -> Option<T> {
        let left = deadline.saturating_duration_since(Instant::now());
        // Timed out, or every post is gone: nothing more will come before the deadline.
        self.rx
            .recv_timeout(left.max(Duration::from_millis(1)))
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_mapped_post_arrives_wrapped_and_wakes_the_reader() {
        let woken = Arc::new(AtomicUsize::new(0));
        let w = woken.clone();
        let (post, inbox) = inbox::<(char, u32)>(Arc::new(move || {
            w.fetch_add(1, Ordering::SeqCst);
        }));
        let a = post.map(|n: u32| ('a', n));
        let b = post.map(|n: u32| ('b', n * 10));
        let t = std::thread::spawn(move || {
            a.send(1);
            b.send(2);
        });
        t.join().unwrap();
        assert_eq!(inbox.drain(), vec![('a', 1), ('b', 20)]);
        assert_eq!(woken.load(Ordering::SeqCst), 2);
        assert!(inbox.drain().is_empty());
        assert_eq!(
            inbox.next_before(Instant::now() + Duration::from_millis(20)),
            None
        );
    }
}
