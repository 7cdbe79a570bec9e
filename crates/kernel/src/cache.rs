//! A small time-bounded cache for values read on every request that change
//! rarely (form definitions, API tokens). Entries live `ttl`; a change made
//! on any node is seen within that time.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

pub struct TtlCache<K, V> {
    ttl: Duration,
    capacity: usize,
    entries: RwLock<HashMap<K, (Instant, Arc<V>)>>,
}

impl<K: Eq + Hash + Clone, V> TtlCache<K, V> {
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        TtlCache {
            ttl,
            capacity,
            entries: RwLock::new(HashMap::new()),
        }
    }

    pub fn get(&self, key: &K) -> Option<Arc<V>> {
        let entries = self.entries.read().unwrap_or_else(|p| p.into_inner());
        entries
            .get(key)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, v)| Arc::clone(v))
    }

    pub fn put(&self, key: K, value: V) -> Arc<V> {
        let value = Arc::new(value);
        let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= self.capacity {
            let ttl = self.ttl;
            entries.retain(|_, (at, _)| at.elapsed() < ttl);
            if entries.len() >= self.capacity {
                entries.clear();
            }
        }
        entries.insert(key, (Instant::now(), Arc::clone(&value)));
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_and_the_cache_stays_bounded() {
        let cache = TtlCache::new(Duration::from_millis(30), 2);
        cache.put("a", 1);
        assert_eq!(cache.get(&"a").as_deref(), Some(&1));
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(cache.get(&"a"), None, "expired");
        cache.put("b", 2);
        cache.put("c", 3);
        cache.put("d", 4);
        assert!(cache.entries.read().map(|e| e.len()).unwrap_or(0) <= 2);
        assert_eq!(cache.get(&"d").as_deref(), Some(&4));
    }
}
