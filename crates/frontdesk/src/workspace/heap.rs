//! Where a workspace's heap goes, for the memory benchmarks (a counting
//! global allocator in the benchmark measures each part as it is dropped).

use super::Workspace;
use crate::view_index::Scope;

impl Workspace {
    /// Drops the workspace one part at a time, calling `dropped(part)` after
    /// each, so that a benchmark with a counting allocator can attribute the
    /// heap to the structures that hold it. The parts, in order: the view
    /// index's ordered sets and counters, read markers, the search index's
    /// bitmaps, ordered sets, time columns and word indexes, the timers and
    /// queues, the lookup maps, message text, the rest of the messages,
    /// the rest of the conversations, contacts, and everything else.
    #[doc(hidden)]
    pub fn drop_parts_for_bench(self, dropped: &mut dyn FnMut(&'static str)) {
        let mut ws = self;
        let views = &mut ws.indexes.views;
        let mut scopes: Vec<&mut Scope> =
            vec![&mut views.everyone, &mut views.restricted, &mut views.internal];
        scopes.extend(views.restricted_by_user.values_mut());
        scopes.extend(views.internal_by_user.values_mut());
        scopes.extend(views.mine.values_mut());
        for s in &mut scopes {
            s.rows = Default::default();
        }
        dropped("views: rows by cell");
        for s in &mut scopes {
            s.by_class = Default::default();
            s.by_channel = Default::default();
        }
        dropped("views: rows by class and by channel");
        for s in &mut scopes {
            s.review = Default::default();
            s.closed = Default::default();
        }
        dropped("views: review and closed-by-day rows");
        drop(scopes);
        ws.indexes.views = Default::default();
        dropped("views: counters, scopes, reply memo");
        ws.reads = Default::default();
        dropped("read markers");
        let text = std::mem::take(&mut ws.indexes.search.text);
        let s = &mut ws.indexes.search;
        let columns = (
            std::mem::take(&mut s.updated),
            std::mem::take(&mut s.closed),
            std::mem::take(&mut s.activity_secs),
            std::mem::take(&mut s.activity_nanos),
        );
        let ordered =
            (std::mem::take(&mut s.contact), std::mem::take(&mut s.created), std::mem::take(&mut s.recency));
        let by_value = (
            std::mem::take(&mut s.recent_status),
            std::mem::take(&mut s.recent_channel),
            std::mem::take(&mut s.recent_tag),
        );
        *s = Default::default();
        dropped("search: bitmaps");
        drop(by_value);
        dropped("search: recency orders by status, channel and tag");
        drop(ordered);
        dropped("search: contact, creation and recency ordered sets");
        drop(columns);
        dropped("search: update, close and activity time columns");
        let crate::search_index::text::TextIndex { body, summary, contact, oversized } = text;
        drop(body);
        dropped("search: words of message bodies");
        drop((summary, contact, oversized));
        dropped("search: words of summaries and contact fields");
        let i = &mut ws.indexes;
        i.timers = Default::default();
        i.queue = Default::default();
        i.open_load = Default::default();
        dropped("timers, queue, open load");
        ws.lookup = Default::default();
        dropped("lookup maps");
        for c in ws.conversations.iter_mut().flatten() {
            for m in &mut c.messages {
                m.body = Box::default();
            }
        }
        dropped("message text");
        for c in ws.conversations.iter_mut().flatten() {
            c.messages = Vec::new();
        }
        dropped("messages (without text)");
        ws.conversations = Vec::new();
        dropped("conversations (without messages)");
        ws.contacts = Vec::new();
        dropped("contacts");
        drop(ws);
        dropped("everything else");
    }
}
