//! Commands on the workspace's directory: users, teams and contacts.

use crate::access;
use crate::actor::Actor;
use crate::channel::Channel;
use crate::contact::{Contact, ContactNote, ContactPatch, ContactRouting, Identity, NewContact};
use crate::error::{Error, Result};
use crate::event::Event;
use crate::ids::{ContactId, TeamId, UserId};
use crate::phone::normalize_phone;
use crate::user::{Availability, NewUser, Role, Team, User};
use crate::validate;
use crate::workspace::{After, Applied, Workspace};
use chrono::{DateTime, Utc};

impl Workspace {
    /// Requires an admin (or the host system).
    pub(crate) fn require_admin(&self, actor: Actor, what: &str) -> Result<()> {
        access::require_admin(self.acting_user(actor)?, what)
    }

    /// Adds a user. Admins (or the host) only; the email must be unique.
    pub fn add_user(&mut self, actor: Actor, now: DateTime<Utc>, new: NewUser) -> Result<Applied<UserId>> {
        let now = self.clock(now);
        self.require_admin(actor, "add users")?;
        let name = validate::name("name", &new.name)?;
        let email = validate::email(&new.email)?;
        if self.lookup.user_by_email.contains_key(&email) {
            return Err(Error::Duplicate { entity: "user".into(), key: email });
        }
        let skills = clean_skills(&new.skills)?;
        let id = UserId(self.users.len() as u64 + 1);
        self.lookup.user_by_email.insert(email.clone(), id);
        self.touched(|j| {
            j.users.insert(id);
        });
        self.users.push(User {
            id,
            name,
            email,
            role: new.role,
            availability: new.availability,
            skills,
            capacity: new.capacity,
            teams: Vec::new(),
            removed: false,
            notifications: None,
        });
        self.refresh_roster(id);
        Ok(self.finish_command(now, actor, After::Nothing, id, vec![Event::UserAdded { user: id }]))
    }

    /// Sets a user's availability. Users set their own; admins set anyone's.
    pub fn set_availability(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        user: UserId,
        availability: Availability,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        let acting = self.acting_user(actor)?;
        self.live_user(user)?;
        access::may_manage_user(acting, user, "only admins may change another user's availability")?;
        let target = self.user_mut(user)?;
        if target.availability == availability {
            return Ok(self.finish_command(now, actor, After::Nothing, (), Vec::new()));
        }
        target.availability = availability;
        self.refresh_roster(user);
        let events = vec![Event::AvailabilityChanged { user, availability }];
        Ok(self.finish_command(now, actor, After::DrainQueue, (), events))
    }

    /// Replaces a user's routing skills and capacity. Admins only.
    pub fn set_user_routing(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        user: UserId,
        skills: Vec<String>,
        capacity: Option<u32>,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.require_admin(actor, "change routing settings")?;
        self.live_user(user)?;
        let skills = clean_skills(&skills)?;
        let target = self.user_mut(user)?;
        target.skills = skills;
        target.capacity = capacity;
        self.refresh_roster(user);
        let events = Vec::new();
        Ok(self.finish_command(now, actor, After::DrainQueue, (), events))
    }

    /// Sets a user's routing capacity alone (None: no limit), keeping their
    /// skills; the same as `set_user_routing` with the user's current skills.
    /// Admins only.
    pub fn set_user_capacity(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        user: UserId,
        capacity: Option<u32>,
    ) -> Result<Applied<()>> {
        self.require_admin(actor, "change routing settings")?;
        let skills = self.live_user(user)?.skills.clone();
        self.set_user_routing(actor, now, user, skills, capacity)
    }

    /// Removes a user: they keep their id in history but are unassigned from
    /// every conversation and can no longer act or be assigned. Admins only;
    /// the last admin cannot be removed. Costs a pass over all conversations.
    pub fn remove_user(&mut self, actor: Actor, now: DateTime<Utc>, user: UserId) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.require_admin(actor, "remove users")?;
        let target = self.live_user(user)?;
        if target.role == Role::Admin && self.users.iter().filter(|u| u.is_admin()).count() <= 1 {
            return Err(Error::forbidden("the workspace needs at least one admin"));
        }
        let by = actor.user();
        let assigned: Vec<_> =
            self.conversations.iter().flatten().filter(|c| c.is_assigned_to(user)).map(|c| c.id).collect();
        let mut events = Vec::new();
        for id in assigned {
            self.update(id, |c| c.assignees.retain(|u| *u != user));
            events.push(Event::Unassigned { conversation: id, user, by });
        }
        for team in &mut self.teams {
            team.members.retain(|m| *m != user);
        }
        let teams: Vec<_> = self.teams.iter().map(|t| t.id).collect();
        self.touched(|j| j.teams.extend(teams));
        let target = self.user_mut(user)?;
        target.removed = true;
        target.availability = Availability::Offline;
        target.teams.clear();
        self.refresh_roster(user);
        events.push(Event::UserRemoved { user });
        Ok(self.finish_command(now, actor, After::Nothing, (), events))
    }

    /// Creates a team with the given members. Admins only.
    pub fn add_team(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        name: &str,
        members: Vec<UserId>,
    ) -> Result<Applied<TeamId>> {
        let now = self.clock(now);
        self.require_admin(actor, "create teams")?;
        let name = validate::name("team name", name)?;
        if self.teams.iter().any(|t| t.name.to_lowercase() == name.to_lowercase()) {
            return Err(Error::Duplicate { entity: "team".into(), key: name });
        }
        let members = self.live_members(members)?;
        let id = TeamId(self.teams.len() as u64 + 1);
        for m in &members {
            self.user_mut(*m)?.teams.push(id);
        }
        self.teams.push(Team { id, name, members, routing: None });
        self.touched(|j| {
            j.teams.insert(id);
        });
        Ok(self.finish_command(now, actor, After::Nothing, id, vec![Event::TeamAdded { team: id }]))
    }

    /// Replaces a team's members. Admins only.
    pub fn set_team_members(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        team: TeamId,
        members: Vec<UserId>,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.require_admin(actor, "change teams")?;
        self.team(team)?;
        let members = self.live_members(members)?;
        for u in &mut self.users {
            u.teams.retain(|t| *t != team);
            if members.binary_search(&u.id).is_ok() {
                u.teams.push(team);
                u.teams.sort_unstable();
            }
        }
        if let Some(t) = self.teams.iter_mut().find(|t| t.id == team) {
            t.members = members;
        }
        let users: Vec<_> = self.users.iter().map(|u| u.id).collect();
        self.touched(|j| {
            j.users.extend(users);
            j.teams.insert(team);
        });
        let events = vec![Event::TeamMembersChanged { team }];
        Ok(self.finish_command(now, actor, After::DrainQueue, (), events))
    }

    /// Creates a contact. Any user may. The phone is normalized to E.164;
    /// phone, email and channel identities must not belong to another contact.
    pub fn add_contact(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        new: NewContact,
    ) -> Result<Applied<ContactId>> {
        let now = self.clock(now);
        self.acting_user(actor)?;
        let id = ContactId(self.contacts.len() as u64 + 1);
        let contact = self.build_contact(id, now, new)?;
        self.index_contact(&contact);
        self.contacts.push(Box::new(contact));
        self.touched(|j| {
            j.contacts.insert(id);
        });
        Ok(self.finish_command(now, actor, After::Nothing, id, vec![Event::ContactCreated { contact: id }]))
    }

    pub(crate) fn build_contact(
        &self,
        id: ContactId,
        now: DateTime<Utc>,
        new: NewContact,
    ) -> Result<Contact> {
        let name = validate::optional_name("name", new.name.as_deref())?;
        let phone = match new.phone.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(p) => Some(normalize_phone(p, self.config.default_country_code)?),
        };
        let email = match new.email.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(e) => Some(validate::email(e)?),
        };
        let company = validate::optional_name("company", new.company.as_deref())?;
        let segment = validate::optional_name("segment", new.segment.as_deref())?.map(|s| s.to_lowercase());
        let mut tags = new.tags.iter().map(|t| validate::tag(t)).collect::<Result<Vec<_>>>()?;
        tags.sort();
        tags.dedup();
        let mut identities = Vec::new();
        for identity in &new.identities {
            let handle = self.identity_key(identity.channel, &identity.handle)?;
            identities.push(Identity { channel: identity.channel, handle });
        }
        identities.sort();
        identities.dedup();
        if name.is_none() && phone.is_none() && email.is_none() && identities.is_empty() {
            return Err(Error::EmptyName { field: "contact (name, phone, email or identity)".into() });
        }
        if let Some(p) = &phone {
            if self.contact_by_phone(p).is_some_and(|c| c != id) {
                return Err(Error::Duplicate { entity: "contact phone".into(), key: p.clone() });
            }
        }
        if let Some(e) = &email {
            if self.contact_by_email(e).is_some_and(|c| c != id) {
                return Err(Error::Duplicate { entity: "contact email".into(), key: e.clone() });
            }
        }
        for i in &identities {
            if self.contact_by_identity(i.channel, &i.handle).is_some_and(|c| c != id) {
                return Err(Error::Duplicate { entity: "contact identity".into(), key: i.handle.clone() });
            }
        }
        let existing = self.contact_record(id).ok();
        Ok(Contact {
            id,
            name: name.map(String::into_boxed_str),
            phone: phone.map(String::into_boxed_str),
            email: email.map(String::into_boxed_str),
            company: company.map(String::into_boxed_str),
            segment: segment.map(String::into_boxed_str),
            tags,
            notes: existing.map(|c| c.notes.clone()).unwrap_or_default(),
            identities,
            routing: existing.map(|c| c.routing.clone()).unwrap_or_default(),
            current_conversation: existing.and_then(|c| c.current_conversation),
            created_at: existing.map_or(now, |c| c.created_at),
        })
    }

    /// The normalized form of an address on a channel.
    pub(crate) fn identity_key(&self, channel: Channel, handle: &str) -> Result<String> {
        if channel.uses_phone_numbers() {
            return normalize_phone(handle, self.config.default_country_code);
        }
        if channel == Channel::Email {
            return validate::email(handle);
        }
        let h = handle.trim();
        if h.is_empty() {
            return Err(Error::EmptyName { field: "identity".into() });
        }
        validate::bounded("identity", h, validate::MAX_NAME_BYTES)?;
        Ok(h.to_string())
    }

    pub(crate) fn index_contact(&mut self, c: &Contact) {
        self.indexes.search.text.add_contact(c);
        for i in &c.identities {
            self.lookup.contact_by_identity.insert(&(i.channel, i.handle.clone()), c.id);
        }
        if let Some(p) = &c.phone {
            self.lookup.contact_by_phone.insert(&p.to_string(), c.id);
        }
        if let Some(e) = &c.email {
            self.lookup.contact_by_email.insert(&e.to_string(), c.id);
        }
    }

    /// The contact whose phone number is `phone` (E.164), if any.
    pub(crate) fn contact_by_phone(&self, phone: &str) -> Option<ContactId> {
        let holds = |id| self.contact_record(id).is_ok_and(|c| c.phone.as_deref() == Some(phone));
        self.lookup.contact_by_phone.get(&phone.to_string(), holds)
    }

    /// The contact whose email address is `email` (lowercase), if any.
    pub(crate) fn contact_by_email(&self, email: &str) -> Option<ContactId> {
        let holds = |id| self.contact_record(id).is_ok_and(|c| c.email.as_deref() == Some(email));
        self.lookup.contact_by_email.get(&email.to_string(), holds)
    }

    /// The contact with the identity `handle` (normalized) on `channel`, if any.
    pub(crate) fn contact_by_identity(&self, channel: Channel, handle: &str) -> Option<ContactId> {
        let holds = |id| {
            self.contact_record(id)
                .is_ok_and(|c| c.identities.iter().any(|i| i.channel == channel && i.handle == handle))
        };
        self.lookup.contact_by_identity.get(&(channel, handle.to_string()), holds)
    }

    pub(crate) fn unindex_contact(&mut self, c: &Contact) {
        self.indexes.search.text.remove_contact(c);
        for i in &c.identities {
            self.lookup.contact_by_identity.remove(&(i.channel, i.handle.clone()));
        }
        if let Some(p) = &c.phone {
            self.lookup.contact_by_phone.remove(&p.to_string());
        }
        if let Some(e) = &c.email {
            self.lookup.contact_by_email.remove(&e.to_string());
        }
    }

    /// Changes a contact's details. Any user may.
    pub fn update_contact(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        contact: ContactId,
        patch: ContactPatch,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.acting_user(actor)?;
        let mut new = self.contact_record(contact)?.as_new();
        for (field, value) in [
            (&mut new.name, patch.name),
            (&mut new.phone, patch.phone),
            (&mut new.email, patch.email),
            (&mut new.company, patch.company),
            (&mut new.segment, patch.segment),
        ] {
            if value.is_some() {
                *field = value;
            }
        }
        self.replace_contact(actor, contact, now, new)
    }

    /// Adds an address on a channel to a contact.
    pub fn add_contact_identity(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        contact: ContactId,
        channel: Channel,
        handle: &str,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.acting_user(actor)?;
        let mut new = self.contact_record(contact)?.as_new();
        new.identities.push(Identity { channel, handle: handle.to_string() });
        self.replace_contact(actor, contact, now, new)
    }

    /// Validates the new details of a contact, then swaps them in and
    /// re-indexes its phone, email and identities.
    fn replace_contact(
        &mut self,
        actor: Actor,
        contact: ContactId,
        now: DateTime<Utc>,
        new: NewContact,
    ) -> Result<Applied<()>> {
        let old = self.contact_record(contact)?.clone();
        let updated = self.build_contact(contact, now, new)?;
        self.unindex_contact(&old);
        self.index_contact(&updated);
        // Contact ids are positions (#1 is contacts[0]): no scan.
        *self.contact_mut(contact)? = updated;
        self.touched(|j| {
            j.contacts.insert(contact);
        });
        Ok(self.finish_command(now, actor, After::Nothing, (), vec![Event::ContactUpdated { contact }]))
    }

    /// Adds a note about a contact, visible to every user.
    pub fn add_contact_note(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        contact: ContactId,
        text: &str,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.acting_user(actor)?;
        self.contact_record(contact)?;
        let text = validate::note("note", Some(text))?.ok_or(Error::EmptyName { field: "note".into() })?;
        let c = self.contact_mut(contact)?;
        c.notes.push(ContactNote { author: actor.user(), at: now, text });
        Ok(self.finish_command(now, actor, After::Nothing, (), vec![Event::ContactUpdated { contact }]))
    }

    /// Tags a contact (VIP, complaint, prefers email, ...).
    pub fn tag_contact(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        contact: ContactId,
        tag: &str,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.acting_user(actor)?;
        self.contact_record(contact)?;
        let tag = validate::tag(tag)?;
        let c = self.contact_mut(contact)?;
        match c.tags.binary_search(&tag) {
            Ok(_) => Ok(self.finish_command(now, actor, After::Nothing, (), Vec::new())),
            Err(at) => {
                c.tags.insert(at, tag);
                Ok(self.finish_command(
                    now,
                    actor,
                    After::Nothing,
                    (),
                    vec![Event::ContactUpdated { contact }],
                ))
            }
        }
    }

    /// Sets the assignees and visibility given to the contact's new inbound
    /// conversations. Admins only. Every assignee must be in the visibility
    /// list.
    pub fn set_contact_routing(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        contact: ContactId,
        routing: ContactRouting,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.require_admin(actor, "set a contact's predefined assignment and visibility")?;
        self.contact_record(contact)?;
        let visibility = self.checked_visibility(routing.visibility)?;
        let assignees = self.live_members(routing.assignees)?;
        let hidden: Vec<UserId> = assignees
            .iter()
            .copied()
            .filter(|u| !access::listed(*u, self.users_is_admin(*u), &visibility))
            .collect();
        if !hidden.is_empty() {
            return Err(Error::AssigneeNotVisible { users: hidden });
        }
        let c = self.contact_mut(contact)?;
        c.routing = ContactRouting { assignees, visibility };
        Ok(self.finish_command(now, actor, After::Nothing, (), vec![Event::ContactUpdated { contact }]))
    }

    // ----- helpers ------------------------------------------------------------

    pub(crate) fn users_is_admin(&self, user: UserId) -> bool {
        self.user(user).is_ok_and(User::is_admin)
    }

    /// Live, deduplicated, sorted users.
    pub(crate) fn live_members(&self, users: Vec<UserId>) -> Result<Vec<UserId>> {
        let mut users = users;
        users.sort_unstable();
        users.dedup();
        for u in &users {
            self.live_user(*u)?;
        }
        Ok(users)
    }

    pub(crate) fn user_mut(&mut self, id: UserId) -> Result<&mut User> {
        let index = usize::try_from(id.0).ok().and_then(|i| i.checked_sub(1));
        if index.is_some_and(|i| i < self.users.len()) {
            self.feed_touch_user(id);
            self.touched(|j| {
                j.users.insert(id);
            });
        }
        index.and_then(|i| self.users.get_mut(i)).ok_or_else(|| Error::not_found("user", id))
    }

    pub(crate) fn contact_mut(&mut self, id: ContactId) -> Result<&mut Contact> {
        let index = usize::try_from(id.0).ok().and_then(|i| i.checked_sub(1));
        if index.is_some_and(|i| i < self.contacts.len()) {
            self.feed_touch_contact(id);
            self.touched(|j| {
                j.contacts.insert(id);
            });
        }
        index
            .and_then(|i| self.contacts.get_mut(i))
            .map(|c| &mut **c)
            .ok_or_else(|| Error::not_found("contact", id))
    }
}

fn clean_skills(skills: &[String]) -> Result<Vec<String>> {
    let mut out = skills.iter().map(|s| validate::tag(s)).collect::<Result<Vec<_>>>()?;
    out.sort();
    out.dedup();
    Ok(out)
}
