//! Visibility lists: who may see a conversation, and that no read path leaks one.

mod common;
use common::*;
use frontdesk::*;

fn restricted(fx: &mut Fx) -> ConversationId {
    let c = fx.inbound(fx.alice, 0, "confidential: my salary slip").conversation;
    fx.ws.set_visibility(Actor::User(fx.admin), t(1), c, Visibility::users([fx.ana])).unwrap();
    c
}

#[test]
fn admins_always_see_a_restricted_conversation() {
    let mut fx = Fx::reopen();
    let c = restricted(&mut fx);
    assert!(fx.ws.can_see(Actor::User(fx.admin), c));
    assert!(fx.ws.can_see(Actor::User(fx.ana), c));
    assert!(!fx.ws.can_see(Actor::User(fx.ben), c));
}

#[test]
fn assigning_someone_outside_the_visibility_list_is_refused_naming_them() {
    let mut fx = Fx::reopen();
    let c = restricted(&mut fx);
    let (ana, ben, cleo) = (fx.ana, fx.ben, fx.cleo);
    let err = refused(&mut fx.ws, |ws| ws.assign(Actor::User(ana), t(2), c, vec![ana, ben, cleo], None));
    assert_eq!(err, Error::AssigneeNotVisible { users: vec![ben, cleo] });
    let err = refused(&mut fx.ws, |ws| ws.transfer(Actor::User(ana), t(2), c, vec![ben], None));
    assert_eq!(err, Error::AssigneeNotVisible { users: vec![ben] });
}

#[test]
fn narrowing_visibility_below_the_current_assignees_is_refused_naming_them() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    fx.ws.assign(Actor::User(fx.admin), t(1), c, vec![fx.ana, fx.ben], None).unwrap();
    let (admin, cleo, ana, ben) = (fx.admin, fx.cleo, fx.ana, fx.ben);
    let err = refused(&mut fx.ws, |ws| {
        ws.set_visibility(Actor::User(admin), t(2), c, Visibility::users([ana, cleo]))
    });
    assert_eq!(err, Error::VisibilityExcludesAssignees { users: vec![ben] });
    fx.ws.set_visibility(Actor::User(fx.admin), t(3), c, Visibility::users([ana, ben])).unwrap();
}

#[test]
fn a_restricted_list_must_name_live_users() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    let admin = fx.admin;
    let err =
        refused(&mut fx.ws, |ws| ws.set_visibility(Actor::User(admin), t(1), c, Visibility::Users(vec![])));
    assert_eq!(err.code(), "empty_visibility");
    let err = refused(&mut fx.ws, |ws| {
        ws.set_visibility(Actor::User(admin), t(1), c, Visibility::users([UserId(77)]))
    });
    assert_eq!(err.code(), "not_found");
}

#[test]
fn only_an_assignee_or_an_admin_may_change_the_visibility_of_an_assigned_conversation() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    fx.ws.assign(Actor::User(fx.admin), t(1), c, vec![fx.ana], None).unwrap();
    let (ben, ana) = (fx.ben, fx.ana);
    let err =
        refused(&mut fx.ws, |ws| ws.set_visibility(Actor::User(ben), t(2), c, Visibility::users([ana, ben])));
    assert_eq!(err.code(), "forbidden");
    fx.ws.set_visibility(Actor::User(fx.ana), t(3), c, Visibility::users([ana])).unwrap();
}

#[test]
fn a_contacts_predefined_visibility_and_assignees_apply_to_each_new_inbound_conversation() {
    let mut fx = Fx::tickets();
    fx.ws
        .set_contact_routing(
            Actor::User(fx.admin),
            t(0),
            fx.alice,
            ContactRouting { assignees: vec![fx.ana], visibility: Visibility::users([fx.ana, fx.ben]) },
        )
        .unwrap();
    let first = fx.inbound(fx.alice, 1, "hello").conversation;
    assert_eq!(fx.conv(first).assignees, vec![fx.ana]);
    assert_eq!(fx.conv(first).visibility, Visibility::users([fx.ana, fx.ben]));
    fx.ws.close(Actor::User(fx.ana), t(2), first).unwrap();
    let second = fx.inbound(fx.alice, 3, "again").conversation;
    assert_ne!(first, second);
    assert_eq!(fx.conv(second).assignees, vec![fx.ana]);
    assert!(!fx.ws.can_see(Actor::User(fx.cleo), second));
}

#[test]
fn predefined_assignees_must_be_in_the_predefined_visibility() {
    let mut fx = Fx::reopen();
    let (admin, alice, cleo, ana) = (fx.admin, fx.alice, fx.cleo, fx.ana);
    let err = refused(&mut fx.ws, |ws| {
        ws.set_contact_routing(
            Actor::User(admin),
            t(0),
            alice,
            ContactRouting { assignees: vec![cleo], visibility: Visibility::users([ana]) },
        )
    });
    assert_eq!(err, Error::AssigneeNotVisible { users: vec![cleo] });
}

#[test]
fn no_read_path_reveals_a_conversation_to_a_user_who_cannot_see_it() {
    let mut fx = Fx::reopen();
    let c = restricted(&mut fx);
    let ben = Actor::User(fx.ben);
    let unknown = ConversationId(4242);
    // Get, export and the visible list treat it exactly like an id that never existed.
    assert_eq!(fx.ws.conversation(ben, c).unwrap_err(), not_found(c));
    assert_eq!(fx.ws.conversation(ben, unknown).unwrap_err(), not_found(unknown));
    assert_eq!(fx.ws.export_json(ben, c, Audience::Team).unwrap_err().code(), "not_found");
    assert_eq!(fx.ws.export_text(ben, c, Audience::Customer).unwrap_err().code(), "not_found");
    assert!(fx.ws.conversations(ben).unwrap().iter().all(|x| x.id != c));
    assert!(!fx.ws.can_see(ben, c));
    // Commands too: not found, never forbidden.
    let b = fx.ben;
    for code in [
        refused(&mut fx.ws, |ws| ws.send_message(Actor::User(b), t(2), c, Outbound::text("hi"))).code(),
        refused(&mut fx.ws, |ws| ws.add_note(Actor::User(b), t(2), c, "hi")).code(),
        refused(&mut fx.ws, |ws| ws.assign(Actor::User(b), t(2), c, vec![b], None)).code(),
        refused(&mut fx.ws, |ws| ws.take_over(Actor::User(b), t(2), c)).code(),
        refused(&mut fx.ws, |ws| ws.close(Actor::User(b), t(2), c)).code(),
        refused(&mut fx.ws, |ws| ws.tag_conversation(Actor::User(b), t(2), c, "x")).code(),
    ] {
        assert_eq!(code, "not_found");
    }
    // After deletion, the outsider still learns nothing; an insider learns it was deleted.
    fx.ws.delete_conversation(SYS, t(3), c).unwrap();
    assert_eq!(fx.ws.conversation(ben, c).unwrap_err().code(), "not_found");
    assert_eq!(fx.ws.conversation(Actor::User(fx.ana), c).unwrap_err().code(), "conversation_deleted");
}

#[test]
fn an_internal_chat_is_visible_to_its_participants_and_admins_only() {
    let mut fx = Fx::reopen();
    let chat = fx
        .ws
        .send_internal_message(Actor::User(fx.ana), t(0), fx.ben, Outbound::text("psst"))
        .unwrap()
        .value
        .conversation;
    assert!(fx.ws.can_see(Actor::User(fx.ana), chat));
    assert!(fx.ws.can_see(Actor::User(fx.ben), chat));
    assert!(fx.ws.can_see(Actor::User(fx.admin), chat));
    assert!(!fx.ws.can_see(Actor::User(fx.cleo), chat));
}

#[test]
fn a_new_conversation_with_a_restricted_contact_cannot_be_started_by_an_outsider() {
    let mut fx = Fx::reopen();
    fx.ws
        .set_contact_routing(
            Actor::User(fx.admin),
            t(0),
            fx.bob,
            ContactRouting { assignees: vec![], visibility: Visibility::users([fx.ana]) },
        )
        .unwrap();
    let (ben, bob) = (fx.ben, fx.bob);
    let err = refused(&mut fx.ws, |ws| {
        ws.start_conversation(Actor::User(ben), t(1), bob, Outbound::text("hi").on(Channel::Sms))
    });
    assert_eq!(err.code(), "forbidden");
    let d = fx
        .ws
        .start_conversation(Actor::User(fx.ana), t(2), fx.bob, Outbound::text("hi").on(Channel::Sms))
        .unwrap()
        .value;
    assert_eq!(fx.conv(d.conversation).visibility, Visibility::users([fx.ana]));
}
