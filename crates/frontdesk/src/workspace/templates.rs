//! Reply templates kept by the workspace, rendered with a conversation's
//! context, and @mentions in notes.

use crate::access::can_see;
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::event::Event;
use crate::ids::{ConversationId, MessageId, UserId};
use crate::mention::{find_mentions, mentioned_users, MentionCandidate, MentionTarget};
use crate::messaging_types::Delivered;
use crate::template::{RenderContext, Template, TemplateBody, TemplateMatch, TemplateVariables};
use crate::workspace::{After, Applied, Workspace};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

impl Workspace {
    /// Adds a named reply template. Admins only (templates are a workspace
    /// setting). The body is parsed once here: a syntax error is reported
    /// with every problem and its span (`template_syntax`). Names are unique,
    /// ignoring case. `whatsapp_approved` allows numbered parameters (`{{1}}`).
    pub fn add_template(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        name: &str,
        source: &str,
        whatsapp_approved: bool,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.require_admin(actor, "manage reply templates")?;
        crate::validate::bounded("template", source, self.config.max_message_bytes)?;
        let template = Template::new(name, source, whatsapp_approved)?;
        self.templates.insert(template)?;
        self.touched(|j| j.templates = true);
        Ok(self.finish_command(now, actor, After::Nothing, (), Vec::new()))
    }

    /// Replaces a template's text (not allowed for WhatsApp-approved ones: add
    /// the new text as a new template). Admins only.
    pub fn update_template(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        name: &str,
        source: &str,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.require_admin(actor, "manage reply templates")?;
        crate::validate::bounded("template", source, self.config.max_message_bytes)?;
        let approved = self.template(name)?.body().is_whatsapp_approved();
        let body = TemplateBody::parse(source, approved)?;
        self.templates.replace_body(name, body)?;
        self.touched(|j| j.templates = true);
        Ok(self.finish_command(now, actor, After::Nothing, (), Vec::new()))
    }

    /// Removes a template. Admins only.
    pub fn remove_template(&mut self, actor: Actor, now: DateTime<Utc>, name: &str) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.require_admin(actor, "manage reply templates")?;
        self.templates.remove(name)?;
        self.touched(|j| j.templates = true);
        Ok(self.finish_command(now, actor, After::Nothing, (), Vec::new()))
    }

    /// A template by name (ignoring case).
    pub fn template(&self, name: &str) -> Result<&Template> {
        self.templates.get(name).ok_or_else(|| Error::not_found("template", name))
    }

    /// Every template, in the order they were added.
    pub fn templates(&self) -> Vec<&Template> {
        self.templates.iter().collect()
    }

    /// Templates matching what the agent typed after `/` (exact name, then
    /// name prefix, word prefix, substring of the name, substring of the text).
    pub fn find_templates(&self, query: &str, limit: usize) -> Vec<TemplateMatch> {
        self.templates.find(query, limit)
    }

    /// The variables a template needs: those filled from the conversation and
    /// those the agent fills in by hand.
    pub fn template_variables(&self, name: &str) -> Result<TemplateVariables> {
        Ok(self.template(name)?.body().variables())
    }

    /// Renders a template for a reply in a conversation: the customer's name,
    /// the viewer's name, the company name, and date and time in the workspace
    /// time zone are filled in; `values` supplies custom and numbered variables
    /// (and may override the automatic ones). Every placeholder left without a
    /// value or default is reported with its span (`missing_variables`).
    pub fn render_template(
        &self,
        viewer: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        name: &str,
        values: &BTreeMap<String, String>,
    ) -> Result<String> {
        let now = self.clock(now);
        let user = self.acting_user(viewer)?;
        let c = self.visible(user, conversation)?;
        let template = self.template(name)?;
        let mut ctx = RenderContext::new(now).with_utc_offset_minutes(self.config.utc_offset_minutes)?;
        if let Some(contact) = c.contact().and_then(|id| self.contact_record(id).ok()) {
            // Only a real name fills {{customer_name}}; a phone number does not.
            if let Some(name) = &contact.name {
                ctx = ctx.with_customer_name(name.clone());
            }
        }
        if let Some(u) = user {
            ctx = ctx.with_agent_name(u.name.clone());
        }
        if !self.config.company_name.is_empty() {
            ctx = ctx.with_company_name(self.config.company_name.clone());
        }
        for (k, v) in values {
            ctx.set_value(k.clone(), v.clone());
        }
        Ok(template.render(&ctx)?)
    }

    /// Mentions in a note: users who can see the conversation, named with
    /// `@Name`. Ambiguous mentions notify nobody.
    pub(crate) fn mention_events(
        &self,
        conversation: ConversationId,
        message: MessageId,
        by: UserId,
        body: &str,
    ) -> Vec<Event> {
        if !body.contains('@') {
            return Vec::new();
        }
        let Some(c) = self.live(conversation) else { return Vec::new() };
        let candidates: Vec<MentionCandidate> = self
            .users
            .iter()
            .filter(|u| !u.removed && can_see(Some(u), c))
            .map(|u| MentionCandidate::new(u.id, u.name.clone()))
            .collect();
        mentioned_users(&find_mentions(body, &candidates))
            .into_iter()
            .map(|user| Event::UserMentioned { conversation, message, user, by })
            .collect()
    }

    /// The warning for a message to the customer that mentions team members
    /// (`@Tom`, by the same rules as in notes, any live team member): the
    /// message is sent as written, nobody is notified. See `docs/mentions.md`.
    pub(crate) fn customer_mention_warning(
        &self,
        delivered: &Delivered,
        by: UserId,
        body: &str,
    ) -> Option<Event> {
        if !body.contains('@') {
            return None;
        }
        let candidates: Vec<MentionCandidate> = self
            .users
            .iter()
            .filter(|u| !u.removed)
            .map(|u| MentionCandidate::new(u.id, u.name.clone()))
            .collect();
        let mut users: Vec<UserId> = Vec::new();
        for m in find_mentions(body, &candidates) {
            let found = match m.target {
                MentionTarget::User { user } => vec![user],
                MentionTarget::Ambiguous { users } => users,
            };
            for u in found {
                if !users.contains(&u) {
                    users.push(u);
                }
            }
        }
        (!users.is_empty()).then_some(Event::MentionInCustomerMessage {
            conversation: delivered.conversation,
            message: delivered.message,
            users,
            by,
        })
    }
}
