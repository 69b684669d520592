//! The operations, one table entry each. `commands!` writes a command's
//! Python method (signature `(actor, <args>, <optional> = None, *, now,
//! <keyword options> = None)`), converts every argument through
//! `convert::Arg` and runs the core command once; `reads!` does the same for
//! reads (no actor, no `now` unless asked). gen_stub.py writes each line's
//! stub into `_frontdesk.pyi` from its Rust types, with the Python type of a
//! command's value (`-> "int"`) and of a read's result (`as "Conversation"`)
//! where the Rust type does not say it. An operation with required
//! keywords, two optional positionals, a batch or a structured result that
//! needs the GIL is written by hand in `lib.rs`.

use crate::convert::{actor, opt, record, records, time, Arg, Rec};
use crate::errors::{check, guard};
use crate::inbox;
use crate::values::{export_outcome, Applied};
use crate::{map_value, percent, Any, Workspace};
use frontdesk as core;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};
use std::collections::BTreeMap;

macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])+
        fn $name:ident($($arg:ident: $ty:ty),* $(; $opt:ident: $oty:ty)? $(; *$($kw:ident: $kty:ty),+)?)
            $(-> $value:literal)? |$ws:ident, $a:ident, $t:ident| $body:expr;
    )*) => {
        #[pymethods]
        impl Workspace {$(
            $(#[doc = $doc])+
            #[pyo3(signature = (actor, $($arg,)* $($opt = None,)? *, now $($(, $kw = None)+)?))]
            #[allow(clippy::too_many_arguments)]
            fn $name(
                &self,
                py: Python<'_>,
                actor: &Any<'_>,
                $($arg: &Any<'_>,)*
                $($opt: Option<&Any<'_>>,)?
                now: &Any<'_>,
                $($($kw: Option<&Any<'_>>,)+)?
            ) -> PyResult<Applied> {
                let ($a, $t) = (self::actor(actor)?, time(now, "now")?);
                $(let $arg = <$ty as Arg>::arg($arg, stringify!($arg))?;)*
                $(let $opt = opt::<$oty>($opt, stringify!($opt))?;)?
                $($(let $kw = opt::<$kty>($kw, stringify!($kw))?;)+)?
                self.run(py, move |$ws| $body)
            }
        )*}
    };
}

commands! {
    /// Adds a user (admins or the system). Returns the new user id.
    fn add_user(name: String, email: String, role: core::Role;
        *availability: core::Availability, skills: Vec<String>, capacity: u32) -> "int"
        |ws, a, t| {
            let availability = availability.unwrap_or(core::Availability::Offline);
            let new = core::NewUser { name, email, role, availability, skills: skills.unwrap_or_default(), capacity };
            ws.add_user(a, t, new).map(|r| map_value(r, |u| u.0))
        };
    /// Creates a contact. Returns the contact id.
    fn add_contact(; *name: String, phone: String, email: String, company: String, segment: String, tags: Vec<String>) -> "int"
        |ws, a, t| {
            let tags = tags.unwrap_or_default();
            let new = core::NewContact { name, phone, email, company, segment, tags, identities: Vec::new() };
            ws.add_contact(a, t, new).map(|r| map_value(r, |x| x.0))
        };
    /// Changes a contact's details; None leaves a field, "" clears it.
    fn update_contact(contact: core::ContactId;
        *name: String, phone: String, email: String, company: String, segment: String)
        |ws, a, t| ws.update_contact(a, t, contact, core::ContactPatch { name, phone, email, company, segment });
    /// Sets the assignees and visibility of the contact's new inbound
    /// conversations (admins).
    fn set_contact_routing(contact: core::ContactId; *assignees: Vec<core::UserId>, visibility: core::Visibility)
        |ws, a, t| {
            let (assignees, visibility) = (assignees.unwrap_or_default(), visibility.unwrap_or_default());
            ws.set_contact_routing(a, t, contact, core::ContactRouting { assignees, visibility })
        };
    /// Starts a conversation with a contact by sending the first message.
    fn start_conversation(contact: core::ContactId, channel: core::Channel, body: String;
        *attachments: Vec<core::Attachment>) -> "Delivered"
        |ws, a, t| {
            let m = core::Outbound { channel: Some(channel), body, attachments: attachments.unwrap_or_default() };
            ws.start_conversation(a, t, contact, m).map(|r| map_value(r, Rec))
        };
    /// Sends a message written by a person (optionally on another channel).
    fn send_message(conversation: core::ConversationId, body: String;
        *channel: core::Channel, attachments: Vec<core::Attachment>) -> "Delivered"
        |ws, a, t| {
            let m = core::Outbound { channel, body, attachments: attachments.unwrap_or_default() };
            ws.send_message(a, t, conversation, m).map(|r| map_value(r, Rec))
        };
    /// Sends the AI agent's reply (the system only, while the AI is active),
    /// optionally with the AI's confidence in percent (0 to 100), its
    /// reasoning and the intent it detected.
    fn send_ai_reply(conversation: core::ConversationId, body: String;
        *confidence: i64, reasoning: String, intent: String) -> "Delivered"
        |ws, a, t| {
            let signals = core::AiReplySignals { confidence: confidence.map(percent), reasoning, intent };
            let sent = if signals.is_empty() {
                ws.send_ai_reply(a, t, conversation, &body)
            } else {
                ws.send_ai_reply_with(a, t, conversation, core::AiReply { body, signals })
            };
            sent.map(|r| map_value(r, Rec))
        };
    /// Sends an internal message to another user (or to oneself).
    fn send_internal_message(to: core::UserId, body: String; *attachments: Vec<core::Attachment>) -> "Delivered"
        |ws, a, t| {
            let m = core::Outbound { channel: None, body, attachments: attachments.unwrap_or_default() };
            ws.send_internal_message(a, t, to, m).map(|r| map_value(r, Rec))
        };
    /// Sets a user's availability ("online", "away", "offline").
    fn set_availability(user: core::UserId, availability: core::Availability)
        |ws, a, t| ws.set_availability(a, t, user, availability);
    /// Removes a user: unassigned everywhere, can no longer act (admins).
    fn remove_user(user: core::UserId) |ws, a, t| ws.remove_user(a, t, user);
    /// Creates a team (admins). Returns the team id.
    fn add_team(name: String, members: Vec<core::UserId>) -> "int"
        |ws, a, t| ws.add_team(a, t, &name, members).map(|r| map_value(r, |x| x.0));
    /// Replaces a team's members (admins).
    fn set_team_members(team: core::TeamId, members: Vec<core::UserId>)
        |ws, a, t| ws.set_team_members(a, t, team, members);
    /// Adds an address on a channel to a contact.
    fn add_contact_identity(contact: core::ContactId, channel: core::Channel, handle: String)
        |ws, a, t| ws.add_contact_identity(a, t, contact, channel, &handle);
    /// Adds a note about a contact.
    fn add_contact_note(contact: core::ContactId, text: String)
        |ws, a, t| ws.add_contact_note(a, t, contact, &text);
    /// Tags a contact.
    fn tag_contact(contact: core::ContactId, tag: String) |ws, a, t| ws.tag_contact(a, t, contact, &tag);
    /// Sets (or, with None, clears) the conversation summary the host's AI
    /// wrote (the system only).
    fn set_summary(conversation: core::ConversationId, summary: Option<String>)
        |ws, a, t| ws.set_summary(a, t, conversation, summary.as_deref());
    /// Records the customer's satisfaction rating, 1 to 5, with an optional
    /// comment (the system only); a later rating replaces an earlier one.
    fn rate_satisfaction(conversation: core::ConversationId, rating: i64; comment: String)
        |ws, a, t| ws.rate_satisfaction(a, t, conversation, percent(rating), comment.as_deref());
    /// Sends an automatic response; it answers nothing (the system only).
    fn send_auto_reply(conversation: core::ConversationId, body: String) -> "Delivered"
        |ws, a, t| ws.send_auto_reply(a, t, conversation, &body).map(|r| map_value(r, Rec));
    /// Adds a system message (handoff notice, payment confirmation).
    fn send_system_message(conversation: core::ConversationId, body: String) -> "Delivered"
        |ws, a, t| ws.send_system_message(a, t, conversation, &body).map(|r| map_value(r, Rec));
    /// Adds a private note (never shown to the customer). Returns the message id.
    fn add_note(conversation: core::ConversationId, body: String) -> "int"
        |ws, a, t| ws.add_note(a, t, conversation, &body).map(|r| map_value(r, |m| m.0));
    /// Records that an invoice was paid (the system or admins).
    fn mark_invoice_paid(invoice: core::InvoiceId) |ws, a, t| ws.mark_invoice_paid(a, t, invoice);
    /// Cancels an invoice (the system or admins).
    fn cancel_invoice(invoice: core::InvoiceId) |ws, a, t| ws.cancel_invoice(a, t, invoice);
    /// Assigns users (added to the current assignees), with an optional note.
    fn assign(conversation: core::ConversationId, users: Vec<core::UserId>; note: String)
        |ws, a, t| ws.assign(a, t, conversation, users, note.as_deref());
    /// Removes assignees.
    fn unassign(conversation: core::ConversationId, users: Vec<core::UserId>)
        |ws, a, t| ws.unassign(a, t, conversation, users);
    /// Transfers: the given users become the only assignees.
    fn transfer(conversation: core::ConversationId, to: Vec<core::UserId>; note: String)
        |ws, a, t| ws.transfer(a, t, conversation, to, note.as_deref());
    /// Routes to a team; returns the chosen member's id or None.
    fn assign_team(conversation: core::ConversationId, team: core::TeamId; note: String) -> "Optional[int]"
        |ws, a, t| ws.assign_team(a, t, conversation, team, note.as_deref()).map(|r| map_value(r, |u| u.map(|u| u.0)));
    /// Routes an unassigned conversation now; the value is a `RoutingDecision`.
    fn auto_assign(conversation: core::ConversationId) -> "RoutingDecision"
        |ws, a, t| ws.auto_assign(a, t, conversation).map(|r| map_value(r, Rec));
    /// Takes the conversation over from the AI.
    fn take_over(conversation: core::ConversationId) |ws, a, t| ws.take_over(a, t, conversation);
    /// The AI asks for a human (the system only).
    fn request_handoff(conversation: core::ConversationId; reason: String)
        |ws, a, t| ws.request_handoff(a, t, conversation, reason.as_deref());
    /// Hands the conversation back to the AI.
    fn resume_ai(conversation: core::ConversationId) |ws, a, t| ws.resume_ai(a, t, conversation);
    /// Sets the AI mode ("active", "paused", "manual").
    fn set_ai_mode(conversation: core::ConversationId, mode: core::AiMode)
        |ws, a, t| ws.set_ai_mode(a, t, conversation, mode);
    /// Sets the priority by hand (pinned), with an optional reason.
    fn set_priority(conversation: core::ConversationId, priority: core::Priority; reason: String)
        |ws, a, t| ws.set_priority(a, t, conversation, priority, reason.as_deref());
    /// Clears a manual priority pin.
    fn clear_priority_pin(conversation: core::ConversationId)
        |ws, a, t| ws.clear_priority_pin(a, t, conversation);
    /// Tags the conversation.
    fn tag_conversation(conversation: core::ConversationId, tag: String)
        |ws, a, t| ws.tag_conversation(a, t, conversation, &tag);
    /// Removes a tag.
    fn untag_conversation(conversation: core::ConversationId, tag: String)
        |ws, a, t| ws.untag_conversation(a, t, conversation, &tag);
    /// Sets who may see the conversation: `EVERYONE` or a list of user ids.
    fn set_visibility(conversation: core::ConversationId, visibility: core::Visibility)
        |ws, a, t| ws.set_visibility(a, t, conversation, visibility);
    /// Changes the status ("open", "pending", "resolved", "archived").
    fn set_status(conversation: core::ConversationId, status: core::Status)
        |ws, a, t| ws.set_status(a, t, conversation, status);
    /// Closes (resolves) the conversation.
    fn close(conversation: core::ConversationId) |ws, a, t| ws.close(a, t, conversation);
    /// Reopens the conversation.
    fn reopen(conversation: core::ConversationId) |ws, a, t| ws.reopen(a, t, conversation);
    /// Archives the conversation.
    fn archive(conversation: core::ConversationId) |ws, a, t| ws.archive(a, t, conversation);
    /// Deletes the conversation and everything in it (admins).
    fn delete_conversation(conversation: core::ConversationId)
        |ws, a, t| ws.delete_conversation(a, t, conversation);
    /// Drops `user`'s own notification settings (the workspace defaults apply).
    fn reset_notification_preferences(user: core::UserId)
        |ws, a, t| ws.reset_notification_preferences(a, t, user);
    /// Marks the conversation read for the acting user (users only).
    fn mark_read(conversation: core::ConversationId) |ws, a, t| ws.mark_read(a, t, conversation);
    /// Makes the latest message someone else wrote unread again for the acting user.
    fn mark_unread(conversation: core::ConversationId) |ws, a, t| ws.mark_unread(a, t, conversation);
    /// Renames a saved filter (its owner or an admin).
    fn rename_saved_filter(filter: core::SavedFilterId, name: String)
        |ws, a, t| ws.rename_saved_filter(a, t, filter, &name);
    /// Deletes a saved filter (its owner or an admin).
    fn delete_saved_filter(filter: core::SavedFilterId) |ws, a, t| ws.delete_saved_filter(a, t, filter);
    /// Sets the workspace's auto-assignment chain (a list of `RoutingStrategy`; empty: off).
    fn set_routing(chain: Vec<core::RoutingStrategy>) |ws, a, t| ws.set_routing(a, t, chain);
    /// Sets a team's own chain (None: the workspace chain, or load balancing).
    fn set_team_routing(team: core::TeamId, chain: Option<Vec<core::RoutingStrategy>>)
        |ws, a, t| ws.set_team_routing(a, t, team, chain);
    /// Sets the skills a conversation needs.
    fn set_required_skills(conversation: core::ConversationId, skills: Vec<String>)
        |ws, a, t| ws.set_required_skills(a, t, conversation, skills);
    /// Replaces the priority rules: JSON text or a dict (`{"rules": [...]}`,
    /// see docs/prioritization.md). Admins only.
    fn set_priority_rules(rules: core::prioritize::PriorityRules)
        |ws, a, t| ws.set_priority_rules(a, t, rules);
    /// Sets the response-time goals (a `ResponseGoals`, or None: no SLA warnings).
    fn set_response_goals(goals: Option<core::prioritize::ResponseGoals>)
        |ws, a, t| ws.set_response_goals(a, t, goals);
    /// Replaces a template's text (admins).
    fn update_template(name: String, source: String) |ws, a, t| ws.update_template(a, t, &name, &source);
    /// Removes a template (admins).
    fn remove_template(name: String) |ws, a, t| ws.remove_template(a, t, &name);
    /// Sets the channels `user` is told about `kind` through (empty: not told).
    fn set_notification_channels(user: core::UserId, kind: String, channels: Vec<String>) |ws, a, t| {
        let kind = named(&kind, "alert kind", &core::AlertKind::ALL, core::AlertKind::as_str)?;
        let channels =
            channels.iter().map(|c| named(c, "channel", &core::DeliveryChannel::ALL, core::DeliveryChannel::as_str));
        ws.set_notification_channels(a, t, user, kind, channels.collect::<core::Result<_>>()?)
    };
    /// Adds a reply template (admins). A syntax error raises `TemplateSyntaxError`.
    fn add_template(name: String, source: String; *whatsapp_approved: bool)
        |ws, a, t| ws.add_template(a, t, &name, &source, whatsapp_approved.unwrap_or(false));
    /// Feeds the host AI's sentiment (-1 to 1) and intent to the priority
    /// rules (host only); the value is a `PriorityDecision`.
    fn record_ai_signals(conversation: core::ConversationId; *sentiment: f32, intent: String) -> "PriorityDecision"
        |ws, a, t| ws.record_ai_signals(a, t, conversation, sentiment, intent.as_deref()).map(|r| map_value(r, Rec));
}

macro_rules! reads {
    ($(
        $(#[doc = $doc:literal])+
        fn $name:ident($($arg:ident: $ty:ty),* $(; ?$opt:ident: $oty:ty)? $(; *$now:ident)?) -> $ret:ty
            $(as $result:literal)? |$py:ident, $ws:ident| $body:expr;
    )*) => {
        #[pymethods]
        impl Workspace {$(
            $(#[doc = $doc])+
            #[pyo3(signature = ($($arg,)* $($opt = None,)? $(*, $now)?))]
            fn $name(
                &self,
                $py: Python<'_>,
                $($arg: &Any<'_>,)*
                $($opt: Option<&Any<'_>>,)?
                $($now: &Any<'_>,)?
            ) -> PyResult<$ret> {
                $(let $arg = <$ty as Arg>::arg($arg, stringify!($arg))?;)*
                $(let $opt = opt::<$oty>($opt, stringify!($opt))?;)?
                $(let $now = time($now, "now")?;)?
                guard($py, || self.read($py, |$ws| -> PyResult<$ret> { Ok($body) })?)
            }
        )*}
    };
}

reads! {
    /// A conversation as `viewer` may see it (hidden ones raise NotFoundError).
    fn conversation(viewer: core::Actor, conversation: core::ConversationId) -> Py<PyAny> as "Conversation"
        |py, ws| record(py, check(py, ws.conversation(viewer, conversation))?)?.unbind();
    /// Every conversation `viewer` may see, in id order.
    fn conversations(viewer: core::Actor) -> Py<PyList> as "List[Conversation]"
        |py, ws| records(py, check(py, ws.conversations(viewer))?)?.unbind();
    /// Whether `viewer` may see the conversation (False for unknown ids).
    fn can_see(viewer: core::Actor, conversation: core::ConversationId) -> bool
        |py, ws| ws.can_see(viewer, conversation);
    /// How many live conversations `viewer` may see (all for the system).
    fn conversation_count(viewer: core::Actor) -> usize |py, ws| check(py, ws.conversation_count(viewer))?;
    /// A user by id.
    fn user(user: core::UserId) -> Py<PyAny> as "User" |py, ws| record(py, check(py, ws.user(user))?)?.unbind();
    /// A user by email address, or None.
    fn user_by_email(email: String) -> Option<Py<PyAny>> as "Optional[User]"
        |py, ws| ws.user_by_email(&email).map(|u| record(py, u).map(Bound::unbind)).transpose()?;
    /// Every user (removed ones included), in id order.
    fn users() -> Py<PyList> as "List[User]" |py, ws| records(py, ws.users())?.unbind();
    /// A team by id.
    fn team(team: core::TeamId) -> Py<PyAny> as "Team" |py, ws| record(py, check(py, ws.team(team))?)?.unbind();
    /// Every team, in id order.
    fn teams() -> Py<PyList> as "List[Team]" |py, ws| records(py, ws.teams())?.unbind();
    /// A contact as `viewer` may see it: no current conversation the viewer
    /// may not see, no notes unless the viewer is inside the contact's
    /// predefined visibility (admins and the system always are).
    fn contact(viewer: core::Actor, contact: core::ContactId) -> Py<PyAny> as "Contact"
        |py, ws| record(py, &check(py, ws.contact(viewer, contact))?)?.unbind();
    /// Every contact, in id order, each as `viewer` may see it.
    fn contacts(viewer: core::Actor) -> Py<PyList> as "List[Contact]"
        |py, ws| records(py, &check(py, ws.contacts(viewer))?)?.unbind();
    /// The contact reached at `handle` on `channel`, or None.
    fn find_contact(channel: core::Channel, handle: String) -> Option<u64>
        |py, ws| ws.find_contact(channel, &handle).map(|c| c.0);
    /// The transcript for an audience ("customer" leaves private notes out).
    fn transcript(viewer: core::Actor, conversation: core::ConversationId; ?audience: core::Audience) -> Py<PyAny> as "Transcript"
        |py, ws| record(py, &check(py, ws.transcript(viewer, conversation, team(audience)))?)?.unbind();
    /// Transcripts of many conversations; one `ExportOutcome` each, in order,
    /// a conversation the viewer may not see refused as not found.
    fn export_transcripts(viewer: core::Actor, conversations: Vec<core::ConversationId>; ?audience: core::Audience)
        -> Vec<Py<PyAny>> as "List[ExportOutcome]"
        |py, ws| each(&ws.export_transcripts(viewer, &conversations, team(audience)), |o| export_outcome(py, o))?;
    /// The customer panel for a contact as `viewer` may see it, beside a
    /// conversation (left out of `related`) or None.
    fn customer_panel(viewer: core::Actor, contact: core::ContactId; ?beside: core::ConversationId) -> Py<PyAny> as "CustomerPanel"
        |py, ws| record(py, &check(py, ws.customer_panel(viewer, contact, beside))?)?.unbind();
    /// The transcript as pretty-printed JSON.
    fn export_json(viewer: core::Actor, conversation: core::ConversationId; ?audience: core::Audience) -> String
        |py, ws| check(py, ws.export_json(viewer, conversation, team(audience)))?;
    /// The transcript as plain text.
    fn export_text(viewer: core::Actor, conversation: core::ConversationId; ?audience: core::Audience) -> String
        |py, ws| check(py, ws.export_text(viewer, conversation, team(audience)))?;
    /// How many messages of the conversation are unread for `viewer` (0 for the host).
    fn unread_count(viewer: core::Actor, conversation: core::ConversationId) -> u32
        |py, ws| check(py, ws.unread_count(viewer, conversation))?;
    /// How many messages of the conversation `viewer` has read (their read marker).
    fn read_marker(viewer: core::Actor, conversation: core::ConversationId) -> u32
        |py, ws| check(py, ws.read_marker(viewer, conversation))?;
    /// The dashboard tiles for `viewer` (a `Tiles`).
    fn tiles(viewer: core::Actor) -> Py<PyAny> as "Tiles"
        |py, ws| record(py, &check(py, ws.tiles(viewer))?)?.unbind();
    /// The figures of one conversation (a `ConversationMetrics`).
    fn conversation_metrics(viewer: core::Actor, conversation: core::ConversationId) -> Py<PyAny> as "ConversationMetrics"
        |py, ws| record(py, &check(py, ws.conversation_metrics(viewer, conversation))?)?.unbind();
    /// The figures of the conversations `viewer` may see (an `InboxMetrics`).
    fn workspace_metrics(viewer: core::Actor; *now) -> Py<PyAny> as "InboxMetrics"
        |py, ws| record(py, &check(py, ws.workspace_metrics(viewer, now))?)?.unbind();
    /// The figures of one agent's assigned conversations (the agent, admins and the host).
    fn agent_metrics(viewer: core::Actor, agent: core::UserId; *now) -> Py<PyAny> as "InboxMetrics"
        |py, ws| record(py, &check(py, ws.agent_metrics(viewer, agent, now))?)?.unbind();
    /// Every conversation matching the query that `viewer` may see, in id order.
    fn search_ids(viewer: core::Actor, query: String; *now) -> Py<PyTuple> as "Tuple[int, ...]"
        |py, ws| ids(py, &check(py, ws.search_ids(viewer, &check(py, inbox::parse_query(&query))?, now))?)?;
    /// How many conversations match the query for `viewer` (the length of
    /// `search_ids`, counted on the index without listing them).
    fn search_count(viewer: core::Actor, query: String; *now) -> u64
        |py, ws| check(py, ws.search_count(viewer, &check(py, inbox::parse_query(&query))?, now))?;
    /// The saved filters `viewer` lists (their own and the shared ones), each
    /// with how many conversations it holds for `viewer` (`SavedFilterCount`s).
    fn saved_filters(viewer: core::Actor; *now) -> Py<PyTuple> as "Tuple[SavedFilterCount, ...]"
        |py, ws| records(py, &check(py, ws.saved_filters(viewer, now))?)?.to_tuple().unbind();
    /// One saved filter that `viewer` lists (a `SavedFilter`).
    fn saved_filter(viewer: core::Actor, filter: core::SavedFilterId) -> Py<PyAny> as "SavedFilter"
        |py, ws| record(py, &check(py, ws.saved_filter(viewer, filter))?)?.unbind();
    /// What compiled search SQL needs to run as `viewer` (a `SqlContext`).
    fn sql_context(viewer: core::UserId; *now) -> Py<PyAny> as "SqlContext"
        |py, ws| record(py, &check(py, ws.sql_context(viewer, now))?)?.unbind();
    /// What auto-assignment would decide now, and why (a `RoutingDecision`); changes nothing.
    fn explain_routing(viewer: core::Actor, conversation: core::ConversationId) -> Py<PyAny> as "RoutingDecision"
        |py, ws| record(py, &check(py, ws.explain_routing(viewer, conversation))?)?.unbind();
    /// Conversations waiting for an eligible agent, in assignment order.
    fn routing_queue(viewer: core::Actor) -> Py<PyTuple> as "Tuple[int, ...]" |py, ws| ids(py, &check(py, ws.routing_queue(viewer))?)?;
    /// What the priority rules decide for the conversation now (a `PriorityDecision`); changes nothing.
    fn explain_priority(viewer: core::Actor, conversation: core::ConversationId; *now) -> Py<PyAny> as "PriorityDecision"
        |py, ws| record(py, &check(py, ws.explain_priority(viewer, now, conversation))?)?.unbind();
    /// A template by name, ignoring case (a `TemplateInfo`).
    fn template(name: String) -> Py<PyAny> as "TemplateInfo" |py, ws| inbox::template_info(py, check(py, ws.template(&name))?)?.unbind();
    /// Every template, in the order they were added.
    fn templates() -> Py<PyTuple> as "Tuple[TemplateInfo, ...]" |py, ws| tuple(py, each(ws.templates(), |t| inbox::template_info(py, t))?)?;
    /// The variables a template needs (a `TemplateVariables`).
    fn template_variables(name: String) -> Py<PyAny> as "TemplateVariables"
        |py, ws| record(py, &check(py, ws.template_variables(&name))?)?.unbind();
    /// Who else is viewing or typing in the conversation at `now`.
    fn present(viewer: core::Actor, conversation: core::ConversationId; *now) -> Py<PyList> as "List[Presence]"
        |py, ws| records(py, &check(py, ws.present(viewer, conversation, now))?)?.unbind();
    /// Templates matching what the agent typed after `/`, best first (10 unless told).
    fn find_templates(query: String; ?limit: usize) -> Py<PyTuple> as "Tuple[TemplateMatch, ...]"
        |py, ws| records(py, &ws.find_templates(&query, limit.unwrap_or(10)))?.to_tuple().unbind();
    /// The notification settings in force for `user`: alert kind -> channels.
    fn notification_preferences(viewer: core::Actor, user: core::UserId) -> BTreeMap<&'static str, Vec<&'static str>>
        as "Dict[str, List[str]]" |py, ws| {
            let prefs = check(py, ws.notification_preferences(viewer, user))?;
            core::AlertKind::ALL.iter().map(|k| (k.as_str(), prefs.channels_for(*k).iter().map(|c| c.as_str()).collect())).collect()
        };
    /// The policy for messages to closed conversations.
    fn closed_policy() -> Py<PyAny> as "ClosedPolicy"
        |py, ws| crate::convert::member(py, "ClosedPolicy", ws.closed_policy().as_str())?.unbind();
    /// When the next timed transition is due (None: nothing is waiting).
    fn next_due() -> Option<chrono::DateTime<chrono::Utc>> |py, ws| ws.next_due();
}

/// The item of `all` called `s` (by `name`), or `invalid_value` listing every name.
fn named<T: Copy>(s: &str, field: &str, all: &[T], name: fn(T) -> &'static str) -> core::Result<T> {
    let allowed = all.iter().map(|k| name(*k).to_string()).collect();
    all.iter().copied().find(|k| name(*k) == s).ok_or(core::Error::InvalidValue {
        field: field.into(),
        input: s.into(),
        allowed,
    })
}

/// Converts every item of a list.
fn each<I: IntoIterator, T>(items: I, f: impl FnMut(I::Item) -> PyResult<T>) -> PyResult<Vec<T>> {
    items.into_iter().map(f).collect()
}

/// Ids as a tuple of ints.
fn ids(py: Python<'_>, ids: &[core::ConversationId]) -> PyResult<Py<PyTuple>> {
    tuple(py, ids.iter().map(|c| c.0))
}

fn tuple<'py, T: IntoPyObject<'py>>(
    py: Python<'py>,
    items: impl IntoIterator<Item = T, IntoIter: ExactSizeIterator>,
) -> PyResult<Py<PyTuple>> {
    Ok(PyTuple::new(py, items)?.unbind())
}

/// A transcript's audience: the team unless told otherwise.
fn team(audience: Option<core::Audience>) -> core::Audience {
    audience.unwrap_or(core::Audience::Team)
}
