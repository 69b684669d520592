//! Every read of a contact takes a viewer and reveals nothing hidden from
//! them (docs/semantics.md, "Visibility").

mod common;

use common::*;
use frontdesk::*;

/// Alice's conversations are restricted to Ana (predefined visibility), and
/// she has a note; Bob's conversation is open to everyone.
fn confidential_alice(fx: &mut Fx) -> ConversationId {
    let admin = Actor::User(fx.admin);
    let routing = ContactRouting { assignees: vec![], visibility: Visibility::users([fx.ana]) };
    fx.ws.set_contact_routing(admin, t(0), fx.alice, routing).unwrap();
    fx.ws.add_contact_note(admin, t(0), fx.alice, "lawyer involved").unwrap();
    fx.inbound(fx.alice, 1, "about the claim").conversation
}

#[test]
fn a_contact_read_reveals_no_hidden_conversation_and_no_notes_the_viewer_may_not_see() {
    let mut fx = Fx::reopen();
    let c = confidential_alice(&mut fx);
    let (ana, ben, admin) = (Actor::User(fx.ana), Actor::User(fx.ben), Actor::User(fx.admin));
    let as_ben = fx.ws.contact(ben, fx.alice).unwrap();
    assert_eq!(as_ben.current_conversation, None);
    assert!(as_ben.notes.is_empty());
    // The directory part stays visible: Ben can still find and address her.
    assert_eq!(as_ben.name.as_deref(), Some("Alice"));
    for who in [ana, admin, SYS] {
        let k = fx.ws.contact(who, fx.alice).unwrap();
        assert_eq!(k.current_conversation, Some(c), "{who:?}");
        assert_eq!(k.notes.len(), 1, "{who:?}");
    }
    // The list read redacts each contact the same way.
    let list = fx.ws.contacts(ben).unwrap();
    let alice = list.iter().find(|k| k.id == fx.alice).unwrap();
    assert_eq!((alice.current_conversation, alice.notes.len()), (None, 0));
    assert_eq!(list.len(), 2);
    // A removed user reads nothing.
    fx.ws.remove_user(admin, t(2), fx.cleo).unwrap();
    assert_eq!(fx.ws.contact(Actor::User(fx.cleo), fx.alice).unwrap_err().code(), "user_deleted");
}

#[test]
fn conversation_count_counts_only_what_the_viewer_may_see() {
    let mut fx = Fx::reopen();
    confidential_alice(&mut fx);
    fx.inbound(fx.bob, 2, "hello");
    assert_eq!(fx.ws.conversation_count(SYS).unwrap(), 2);
    assert_eq!(fx.ws.conversation_count(Actor::User(fx.admin)).unwrap(), 2);
    assert_eq!(fx.ws.conversation_count(Actor::User(fx.ana)).unwrap(), 2);
    assert_eq!(fx.ws.conversation_count(Actor::User(fx.ben)).unwrap(), 1);
    assert_eq!(fx.ws.conversation_count(Actor::User(UserId(99))).unwrap_err().code(), "not_found");
}

#[test]
fn a_new_conversation_with_a_contact_whose_open_conversation_is_hidden_does_not_take_the_customers_next_message(
) {
    let mut fx = Fx::reopen();
    let (ana, ben, admin) = (Actor::User(fx.ana), Actor::User(fx.ben), Actor::User(fx.admin));
    let hidden = fx.inbound(fx.alice, 1, "about the claim").conversation;
    fx.ws.set_visibility(admin, t(2), hidden, Visibility::users([fx.ana])).unwrap();
    // Ben may still reach Alice (her predefined visibility is everyone)...
    let mine =
        fx.ws.start_conversation(ben, t(3), fx.alice, Outbound::text("Your order shipped").on(Channel::Sms));
    let mine = mine.unwrap().value.conversation;
    assert_ne!(mine, hidden);
    // ...but her next message still joins the confidential conversation, so
    // nothing of it reaches Ben, and Ben's conversation shows only his own.
    let next = fx.inbound(fx.alice, 4, "any news on the claim?").conversation;
    assert_eq!(next, hidden);
    assert_eq!(fx.ws.conversation(ben, mine).unwrap().messages.len(), 1);
    assert_eq!(fx.ws.contact(ben, fx.alice).unwrap().current_conversation, None);
    assert_eq!(fx.ws.contact(ana, fx.alice).unwrap().current_conversation, Some(hidden));
    // Once the hidden conversation is closed, a new outreach becomes current.
    fx.ws.close(admin, t(5), hidden).unwrap();
    let again = fx.ws.start_conversation(ben, t(6), fx.alice, Outbound::text("Hi").on(Channel::Sms));
    let again = again.unwrap().value.conversation;
    assert_eq!(fx.ws.contact(ben, fx.alice).unwrap().current_conversation, Some(again));
    assert_eq!(fx.inbound(fx.alice, 7, "thanks").conversation, again);
    // A conversation the starter can see is replaced as before.
    let visible = fx.ws.start_conversation(ana, t(8), fx.alice, Outbound::text("Ana here").on(Channel::Sms));
    let visible = visible.unwrap().value.conversation;
    assert_eq!(fx.ws.contact(ana, fx.alice).unwrap().current_conversation, Some(visible));
    assert!(fx.ws.derived_state_is_consistent());
}
