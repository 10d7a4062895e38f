//! Background lookups for callers that must never block (the language
//! server): a few worker threads, one fetch per image however many ask for
//! it at once, and each failure logged once.

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Arc, Mutex, MutexGuard, PoisonError};

use super::cache::CacheKey;
use super::{ImageFacts, Platform, RegistryClient, RegistryError};
use crate::images::ImageRef;

pub type LookupResult = Result<ImageFacts, RegistryError>;

/// Lookups are a handful of small HTTP requests each; two workers keep a
/// Dockerfile with many stages from queueing behind one slow registry
/// without opening a burst of connections.
pub const DEFAULT_WORKERS: usize = 2;

/// Past this many remembered failures the memory is cleared, so a
/// long-running server cannot grow without bound; at worst a failure is
/// logged once more.
const MAX_LOGGED: usize = 4096;

/// Runs [`RegistryClient::lookup`] on worker threads and calls back when done.
pub struct Lookups {
    shared: Arc<Shared>,
    jobs: mpsc::Sender<Job>,
}

impl Lookups {
    pub fn new(client: RegistryClient) -> Lookups {
        Lookups::with_workers(client, DEFAULT_WORKERS)
    }

    pub fn with_workers(client: RegistryClient, workers: usize) -> Lookups {
        let shared = Arc::new(Shared {
            client,
            pending: Mutex::new(HashMap::new()),
            logged: Mutex::new(HashSet::new()),
        });
        let (jobs, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..workers.max(1) {
            let shared = Arc::clone(&shared);
            let rx = Arc::clone(&rx);
            let spawned = std::thread::Builder::new()
                .name(format!("docklens-registry-{i}"))
                .spawn(move || worker(&shared, &rx));
            if let Err(e) = spawned {
                tracing::warn!(error = %e, "cannot start a registry lookup thread");
            }
        }
        Lookups { shared, jobs }
    }

    pub fn client(&self) -> &RegistryClient {
        &self.shared.client
    }

    /// Starts a lookup (or joins the one already running for the same image
    /// and platform) and calls `on_done` on a worker thread with the result.
    /// Returns whether a new lookup was started.
    pub fn request<F>(&self, image: &ImageRef, platform: Option<&Platform>, on_done: F) -> bool
    where
        F: FnOnce(LookupResult) + Send + 'static,
    {
        let platform = platform.cloned().unwrap_or_else(Platform::host);
        let key = CacheKey::new(image, &platform);
        {
            let mut pending = lock(&self.shared.pending);
            if let Some(waiters) = pending.get_mut(&key) {
                waiters.push(Box::new(on_done));
                return false;
            }
            pending.insert(key.clone(), vec![Box::new(on_done)]);
        }
        let job = Job {
            key: key.clone(),
            image: image.clone(),
            platform,
        };
        if self.jobs.send(job).is_err() {
            // Every worker is gone (they could not be started): answer here
            // rather than leave the caller waiting forever.
            let waiters = lock(&self.shared.pending).remove(&key).unwrap_or_default();
            let err = RegistryError::Io("no lookup thread is running".into());
            for w in waiters {
                w(Err(err.clone()));
            }
        }
        true
    }

    /// Like [`Lookups::request`], with the result delivered on a channel.
    pub fn request_channel(
        &self,
        image: &ImageRef,
        platform: Option<&Platform>,
    ) -> mpsc::Receiver<LookupResult> {
        let (tx, rx) = mpsc::channel();
        self.request(image, platform, move |result| {
            // The receiver may have been dropped; nobody is left to tell.
            let _ = tx.send(result);
        });
        rx
    }

    /// The cached answer, fresh or stale, without network or waiting.
    pub fn cached(&self, image: &ImageRef, platform: Option<&Platform>) -> Option<ImageFacts> {
        self.shared.client.cached(image, platform)
    }

    /// How many distinct lookups are queued or running.
    pub fn in_flight(&self) -> usize {
        lock(&self.shared.pending).len()
    }
}

type Waiter = Box<dyn FnOnce(LookupResult) + Send>;

struct Shared {
    client: RegistryClient,
    pending: Mutex<HashMap<CacheKey, Vec<Waiter>>>,
    logged: Mutex<HashSet<String>>,
}

struct Job {
    key: CacheKey,
    image: ImageRef,
    platform: Platform,
}

fn worker(shared: &Shared, rx: &Mutex<mpsc::Receiver<Job>>) {
    loop {
        // The guard is a temporary of this statement, so the lock is
        // released before the job runs and other workers can take the next.
        let job = lock(rx).recv();
        let Ok(job) = job else {
            return;
        };
        // A panic here would leave the waiters hanging and the key stuck in
        // `pending`, blocking every later request for it.
        let result = catch_unwind(AssertUnwindSafe(|| {
            shared.client.lookup(&job.image, Some(&job.platform))
        }))
        .unwrap_or_else(|_| {
            Err(RegistryError::Protocol(
                "internal error during lookup".into(),
            ))
        });
        if let Err(e) = &result {
            shared.log_once(&job.key, e);
        }
        let waiters = lock(&shared.pending).remove(&job.key).unwrap_or_default();
        for w in waiters {
            let result = result.clone();
            if catch_unwind(AssertUnwindSafe(move || w(result))).is_err() {
                tracing::warn!(
                    key = job.key.as_str(),
                    "a registry lookup callback panicked"
                );
            }
        }
    }
}

impl Shared {
    fn log_once(&self, key: &CacheKey, error: &RegistryError) {
        if matches!(error, RegistryError::Disabled) {
            return;
        }
        let first = {
            let mut logged = lock(&self.logged);
            if logged.len() >= MAX_LOGGED {
                logged.clear();
            }
            logged.insert(format!("{}\n{error}", key.as_str()))
        };
        let key = key.as_str();
        if !first {
            tracing::debug!(key, %error, "registry lookup failed again");
            return;
        }
        match error {
            RegistryError::HostNotAllowed { .. } => {
                tracing::debug!(key, %error, "registry lookup skipped")
            }
            RegistryError::NotFound
            | RegistryError::Unauthorized
            | RegistryError::NoPlatform { .. } => {
                tracing::info!(key, %error, "registry lookup failed")
            }
            _ => tracing::warn!(key, %error, "registry lookup failed"),
        }
    }
}

/// A panicking callback cannot leave these maps half-updated (each update is
/// one insert or remove), so a poisoned lock is still safe to use.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}
