//! The text index: the words of message bodies (notes included) by
//! conversation, and the words of each contact field (name, email, phone,
//! company) by contact. Words are the Unicode words (UAX #29, the
//! `unicode-segmentation` crate) of the lowercased text, so every script the
//! query language handles is covered; CJK ideographs are one word each.
//!
//! Search keeps the reference semantics: a text term matches when the
//! lowercased text *contains* the query text. The index only narrows: when
//! a text contains the query, each word of the query lies inside one word of
//! the text (segmentation never breaks inside a run it keeps whole, whatever
//! surrounds it), so the conversations holding, for every query word, some
//! indexed word that contains it are a superset of the matches. When the
//! query is a single word and nothing else, that superset is exact;
//! otherwise (phrases, punctuation) each candidate is checked against the
//! text by the reference evaluator. A query without any word (`"🙂"`, `"-"`)
//! is checked against every candidate. `docs/search.md` says more.

use crate::contact::Contact;
use crate::conversation::Conversation;
use crate::message::Message;
use hashbrown::HashTable;
use roaring::RoaringBitmap;
use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasher, RandomState};
use unicode_segmentation::UnicodeSegmentation;

/// The ids holding one word: most words of contact fields (an email's local
/// part, a phone number) belong to one contact, so a single id is kept
/// without a bitmap.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Posting {
    One(u32),
    Many(RoaringBitmap),
}

impl Posting {
    fn insert(&mut self, id: u32) {
        match self {
            Posting::One(x) if *x == id => {}
            Posting::One(x) => {
                let b: RoaringBitmap = [*x, id].into_iter().collect();
                *self = Posting::Many(b);
            }
            Posting::Many(b) => {
                b.insert(id);
            }
        }
    }

    /// Removes `id`; true when nothing is left.
    fn remove(&mut self, id: u32) -> bool {
        match self {
            Posting::One(x) => *x == id,
            Posting::Many(b) => {
                b.remove(id);
                if b.len() == 1 {
                    if let Some(x) = b.min() {
                        *self = Posting::One(x);
                    }
                    return false;
                }
                b.is_empty()
            }
        }
    }

    fn or_into(&self, out: &mut RoaringBitmap) {
        match self {
            Posting::One(x) => {
                out.insert(*x);
            }
            Posting::Many(b) => *out |= b,
        }
    }
}

/// A short run of characters (one to three) packed into a key: each
/// character plus one in 21 bits, so runs of different lengths differ.
fn gram(chars: &[char]) -> u64 {
    chars.iter().take(3).enumerate().fold(0, |k, (i, c)| k | ((u64::from(*c) + 1) << (21 * i)))
}

/// Every run of one, two and three characters of `word`, deduplicated.
fn grams_of(word: &str) -> Vec<u64> {
    let chars: Vec<char> = word.chars().collect();
    let mut out: Vec<u64> = Vec::with_capacity(chars.len() * 3);
    for n in 1..=3 {
        out.extend(chars.windows(n).map(gram));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Words to ids, with an index of the vocabulary by its runs of one to three
/// characters, so that the words containing a query word are found without
/// scanning the vocabulary (which grows with contacts: emails' local parts
/// and phone numbers are mostly unique).
#[derive(Clone, Debug, Default)]
pub(crate) struct Words {
    /// The slots of `entries`, found by the hash of their word.
    // One word table: the table holds slot numbers (4 bytes) and compares
    // against the word in its entry, instead of a map holding its own copy
    // of every word beside a 24-byte bucket. Keyed hashing (`RandomState`):
    // the words are chosen by whoever writes the text.
    slots: HashTable<u32>,
    hasher: RandomState,
    /// By slot: the word and its ids (`None`: a free slot).
    entries: Vec<Option<(Box<str>, Posting)>>,
    free: Vec<u32>,
    /// Run of characters to the slots of the words containing it.
    grams: HashMap<u64, RoaringBitmap>,
}

/// Equal when the same words hold the same ids (slots are an artifact of
/// the order words came and went in).
impl PartialEq for Words {
    fn eq(&self, other: &Self) -> bool {
        self.slots.len() == other.slots.len()
            && self.entries.iter().flatten().all(|(w, p)| other.posting(w) == Some(p))
    }
}

impl Words {
    /// The slot holding `word`.
    fn slot(&self, word: &str) -> Option<u32> {
        let entries = &self.entries;
        self.slots.find(self.hasher.hash_one(word), |s| word_at(entries, *s) == Some(word)).copied()
    }

    /// The ids holding `word`.
    fn posting(&self, word: &str) -> Option<&Posting> {
        let slot = self.slot(word)?;
        self.entries.get(slot as usize)?.as_ref().map(|e| &e.1)
    }

    fn add(&mut self, word: &str, id: u32) {
        if let Some(slot) = self.slot(word) {
            if let Some(Some((_, p))) = self.entries.get_mut(slot as usize) {
                p.insert(id);
            }
            return;
        }
        let slot = match self.free.pop() {
            Some(s) => s,
            None => {
                self.entries.push(None);
                u32::try_from(self.entries.len() - 1).unwrap_or(u32::MAX)
            }
        };
        if let Some(e) = self.entries.get_mut(slot as usize) {
            *e = Some((word.into(), Posting::One(id)));
        }
        let (entries, hasher) = (&self.entries, &self.hasher);
        self.slots.insert_unique(hasher.hash_one(word), slot, |s| {
            hasher.hash_one(word_at(entries, *s).unwrap_or_default())
        });
        for g in grams_of(word) {
            self.grams.entry(g).or_default().insert(slot);
        }
    }

    fn remove(&mut self, word: &str, id: u32) {
        let Some(slot) = self.slot(word) else { return };
        let empty = match self.entries.get_mut(slot as usize) {
            Some(Some((_, p))) => p.remove(id),
            _ => false,
        };
        if !empty {
            return;
        }
        if let Ok(found) = self.slots.find_entry(self.hasher.hash_one(word), |s| *s == slot) {
            found.remove();
        }
        if let Some(e) = self.entries.get_mut(slot as usize) {
            *e = None;
        }
        for g in grams_of(word) {
            if let Some(b) = self.grams.get_mut(&g) {
                b.remove(slot);
                if b.is_empty() {
                    self.grams.remove(&g);
                }
            }
        }
        if slot as usize + 1 == self.entries.len() {
            self.entries.pop();
            // Keep the free list to slots that still exist.
            while self.entries.last().is_some_and(Option::is_none) {
                self.entries.pop();
            }
            let len = self.entries.len();
            self.free.retain(|s| (*s as usize) < len);
        } else {
            self.free.push(slot);
        }
    }

    /// The ids holding a word that contains `part`.
    fn containing(&self, part: &str) -> RoaringBitmap {
        let chars: Vec<char> = part.chars().collect();
        let mut slots: Option<RoaringBitmap> = None;
        let windows: Vec<&[char]> =
            if chars.len() <= 3 { vec![&chars[..]] } else { chars.windows(3).collect() };
        for w in windows {
            let Some(b) = self.grams.get(&gram(w)) else { return RoaringBitmap::new() };
            slots = Some(match slots {
                Some(s) => s & b,
                None => b.clone(),
            });
        }
        let mut out = RoaringBitmap::new();
        for slot in slots.unwrap_or_default() {
            if let Some(Some((w, p))) = self.entries.get(slot as usize) {
                // Runs of three characters only narrow longer parts.
                if chars.len() <= 3 || w.contains(part) {
                    p.or_into(&mut out);
                }
            }
        }
        out
    }

    /// The ids holding every word of `query` as a whole word (one lookup
    /// each): a superset of the texts *equal* to `query`, whose words are
    /// the same. `None` when the query has no word.
    pub(crate) fn with_words(&self, query: &str) -> Option<RoaringBitmap> {
        let mut out: Option<RoaringBitmap> = None;
        for part in query.unicode_words() {
            let mut ids = RoaringBitmap::new();
            if let Some(p) = self.posting(part) {
                p.or_into(&mut ids);
            }
            out = Some(match out {
                Some(o) => o & ids,
                None => ids,
            });
        }
        out
    }

    /// The ids holding, for every word of `query`, a word that contains it;
    /// `None` when the query has no word (anything may match).
    pub(crate) fn candidates(&self, query: &str) -> Option<RoaringBitmap> {
        let mut out: Option<RoaringBitmap> = None;
        let mut parts: Vec<&str> = query.unicode_words().collect();
        parts.sort_unstable();
        parts.dedup();
        for part in parts {
            let ids = self.containing(part);
            out = Some(match out {
                Some(o) => o & ids,
                None => ids,
            });
            if out.as_ref().is_some_and(RoaringBitmap::is_empty) {
                break;
            }
        }
        out
    }
}

/// The word in slot `slot`, if the slot is taken.
fn word_at(entries: &[Option<(Box<str>, Posting)>], slot: u32) -> Option<&str> {
    entries.get(slot as usize)?.as_ref().map(|e| &*e.0)
}

/// Whether `query` is one word and nothing else, so that the candidates of
/// [`Words::candidates`] are exactly the texts that contain it.
pub(crate) fn is_one_word(query: &str) -> bool {
    let mut words = query.unicode_words();
    words.next() == Some(query) && words.next().is_none()
}

/// The distinct words of a text, lowercased as the evaluator lowercases it.
fn words_of(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut words: Vec<String> = lower.unicode_words().map(str::to_string).collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// The contact fields the index keeps, in the evaluator's order.
pub(crate) const NAME: usize = 0;
pub(crate) const EMAIL: usize = 1;
pub(crate) const PHONE: usize = 2;
pub(crate) const COMPANY: usize = 3;

fn fields(c: &Contact) -> [Option<&str>; 4] {
    [c.name.as_deref(), c.email.as_deref(), c.phone.as_deref(), c.company.as_deref()]
}

/// See the module documentation.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct TextIndex {
    /// Words of message bodies, by conversation.
    pub(crate) body: Words,
    /// Words of the host's conversation summaries, by conversation.
    pub(crate) summary: Words,
    /// Words of each contact field, by contact.
    pub(crate) contact: [Words; 4],
    /// Contacts whose ids do not fit in 32 bits (none in practice): search
    /// then scans.
    pub(crate) oversized: BTreeSet<u64>,
}

impl TextIndex {
    /// Adds one message of conversation `id`.
    pub(crate) fn add_message(&mut self, id: u64, m: &Message) {
        let Ok(id) = u32::try_from(id) else { return };
        let lower = m.body.to_lowercase();
        for w in lower.unicode_words() {
            self.body.add(w, id);
        }
    }

    /// Adds every message of a conversation.
    pub(crate) fn add_messages(&mut self, id: u64, messages: &[Message]) {
        for m in messages {
            self.add_message(id, m);
        }
    }

    /// Adds a conversation's text: its messages and its summary.
    pub(crate) fn add_conversation(&mut self, c: &Conversation) {
        self.add_messages(c.id.0, &c.messages);
        self.set_summary(c.id.0, None, c.summary.as_deref());
    }

    /// Removes a conversation's text: its messages and its summary.
    pub(crate) fn remove_conversation(&mut self, c: &Conversation) {
        self.remove_messages(c.id.0, &c.messages);
        self.set_summary(c.id.0, c.summary.as_deref(), None);
    }

    /// Replaces the words of conversation `id`'s summary.
    pub(crate) fn set_summary(&mut self, id: u64, old: Option<&str>, new: Option<&str>) {
        let Ok(id) = u32::try_from(id) else { return };
        for w in old.map(words_of).unwrap_or_default() {
            self.summary.remove(&w, id);
        }
        for w in new.map(words_of).unwrap_or_default() {
            self.summary.add(&w, id);
        }
    }

    /// Removes a conversation's words.
    pub(crate) fn remove_messages(&mut self, id: u64, messages: &[Message]) {
        let Ok(id) = u32::try_from(id) else { return };
        let mut words: Vec<String> = messages.iter().flat_map(|m| words_of(&m.body)).collect();
        words.sort_unstable();
        words.dedup();
        for w in words {
            self.body.remove(&w, id);
        }
    }

    pub(crate) fn add_contact(&mut self, c: &Contact) {
        let Ok(id) = u32::try_from(c.id.0) else {
            self.oversized.insert(c.id.0);
            return;
        };
        for (i, f) in fields(c).into_iter().enumerate() {
            if let (Some(f), Some(words)) = (f, self.contact.get_mut(i)) {
                for w in words_of(f) {
                    words.add(&w, id);
                }
            }
        }
    }

    pub(crate) fn remove_contact(&mut self, c: &Contact) {
        let Ok(id) = u32::try_from(c.id.0) else {
            self.oversized.remove(&c.id.0);
            return;
        };
        for (i, f) in fields(c).into_iter().enumerate() {
            if let (Some(f), Some(words)) = (f, self.contact.get_mut(i)) {
                for w in words_of(f) {
                    words.remove(&w, id);
                }
            }
        }
    }
}
