//! A map from a contact's key (a phone number, an email address, an identity)
//! to the contact, holding a hash of the key rather than a copy of it: the
//! contact record holds the key, and every read verifies the hit against it.

use crate::ids::ContactId;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Keys of type `K` to contacts. Each key is held as its 64-bit hash; a key
/// whose hash another key already holds (a collision, practically never) is
/// kept whole in a small side map.
#[derive(Clone, Debug)]
pub(crate) struct KeyIndex<K> {
    by_hash: HashMap<u64, ContactId>,
    collided: HashMap<K, ContactId>,
}

impl<K> Default for KeyIndex<K> {
    fn default() -> Self {
        KeyIndex { by_hash: HashMap::new(), collided: HashMap::new() }
    }
}

/// The hash a key is held under: fixed keys, so that a rebuilt index holds
/// the same hashes.
fn hash_of<Q: Hash + ?Sized>(key: &Q) -> u64 {
    let mut h = DefaultHasher::new();
    key.hash(&mut h);
    h.finish()
}

impl<K: Hash + Eq + Clone> KeyIndex<K> {
    /// The contact indexed under `key`; `holds(id)` says whether contact `id`
    /// has that key (the hash alone may match another key).
    pub(crate) fn get(&self, key: &K, holds: impl Fn(ContactId) -> bool) -> Option<ContactId> {
        match self.by_hash.get(&hash_of(key)) {
            Some(&id) if holds(id) => Some(id),
            Some(_) => self.collided.get(key).copied(),
            None => None,
        }
    }

    /// Indexes `key` for `id`. The key must not be indexed already (callers
    /// remove a contact's old keys before indexing its new ones, and refuse
    /// keys another contact holds).
    pub(crate) fn insert(&mut self, key: &K, id: ContactId) {
        match self.by_hash.entry(hash_of(key)) {
            Entry::Vacant(slot) => {
                slot.insert(id);
            }
            Entry::Occupied(_) => {
                self.collided.insert(key.clone(), id);
            }
        }
    }

    /// Removes `key`, which must be indexed.
    pub(crate) fn remove(&mut self, key: &K) {
        if self.collided.remove(key).is_some() {
            return;
        }
        let h = hash_of(key);
        self.by_hash.remove(&h);
        // A key that collided with the removed one takes its place.
        let heir = self.collided.keys().find(|k| hash_of(*k) == h).cloned();
        if let Some(heir) = heir {
            if let Some(id) = self.collided.remove(&heir) {
                self.by_hash.insert(h, id);
            }
        }
    }
}

/// Two indexes are equal when they hold the same keys for the same contacts,
/// whichever of two colliding keys each holds by hash.
impl<K: Hash + Eq> PartialEq for KeyIndex<K> {
    fn eq(&self, other: &Self) -> bool {
        let entries = |x: &Self| {
            let mut all: Vec<(u64, ContactId)> = x.by_hash.iter().map(|(h, id)| (*h, *id)).collect();
            all.extend(x.collided.iter().map(|(k, id)| (hash_of(k), *id)));
            all.sort_unstable_by_key(|(h, id)| (*h, id.0));
            all
        };
        self.by_hash.len() + self.collided.len() == other.by_hash.len() + other.collided.len()
            && entries(self) == entries(other)
    }
}

impl<K: Hash + Eq> Eq for KeyIndex<K> {}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key whose hash is its first letter only, so that keys collide.
    #[derive(Clone, Debug, PartialEq, Eq)]
    struct Key(&'static str);

    impl Hash for Key {
        fn hash<H: Hasher>(&self, state: &mut H) {
            self.0.as_bytes().first().hash(state);
        }
    }

    /// Whether contact `n` holds `key`: contact `n` holds `keys[n - 1]`.
    fn holds<'a>(keys: &'a [&'static str], key: &'a str) -> impl Fn(ContactId) -> bool + 'a {
        move |id: ContactId| keys.get(id.0 as usize - 1) == Some(&key)
    }

    #[test]
    fn colliding_keys_each_find_their_contact_and_survive_removals() {
        let keys = ["alice", "anna", "bob", "amy"];
        let mut index = KeyIndex::default();
        for (i, k) in keys.iter().enumerate() {
            index.insert(&Key(k), ContactId(i as u64 + 1));
        }
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(index.get(&Key(k), holds(&keys, k)), Some(ContactId(i as u64 + 1)), "{k}");
        }
        assert_eq!(index.get(&Key("adam"), holds(&keys, "adam")), None);
        assert_eq!(index.get(&Key("carl"), holds(&keys, "carl")), None);

        // Removing the key held by hash hands its place to a collided one.
        index.remove(&Key("alice"));
        assert_eq!(index.get(&Key("alice"), holds(&keys, "alice")), None);
        assert_eq!(index.get(&Key("anna"), holds(&keys, "anna")), Some(ContactId(2)));
        assert_eq!(index.get(&Key("amy"), holds(&keys, "amy")), Some(ContactId(4)));
        index.remove(&Key("amy"));
        assert_eq!(index.get(&Key("amy"), holds(&keys, "amy")), None);
        assert_eq!(index.get(&Key("anna"), holds(&keys, "anna")), Some(ContactId(2)));
        assert_eq!(index.get(&Key("bob"), holds(&keys, "bob")), Some(ContactId(3)));
    }

    #[test]
    fn indexes_with_the_same_keys_are_equal_whatever_the_order() {
        let mut one = KeyIndex::default();
        let mut two = KeyIndex::default();
        for (k, id) in [("alice", 1), ("anna", 2), ("bob", 3)] {
            one.insert(&Key(k), ContactId(id));
        }
        for (k, id) in [("bob", 3), ("anna", 2), ("alice", 1)] {
            two.insert(&Key(k), ContactId(id));
        }
        assert_eq!(one, two);
        two.remove(&Key("bob"));
        assert_ne!(one, two);
    }
}
