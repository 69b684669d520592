"""The Python runner of the shared conformance scenarios
(crates/frontdesk-conformance/scenarios). Each step is interpreted by calling
the idiomatic Python API: keyword arguments, enums, aware datetimes and
exceptions; no JSON reaches the binding."""

import dataclasses
import json
from datetime import datetime, timedelta
from pathlib import Path

import frontdesk as fd

ROOT = Path(__file__).resolve().parents[3]
SCENARIOS = ROOT / "crates" / "frontdesk-conformance" / "scenarios"


class Failure(Exception):
    pass


class Runner:
    def __init__(self, fixture, scenario):
        self.epoch = datetime.fromisoformat(fixture["epoch"].replace("Z", "+00:00"))
        cfg = scenario.get("config", {})
        if cfg.get("preset") == "new_conversation_after_close":
            config = fd.WorkspaceConfig.new_conversation_after_close("Acme")
        else:
            config = fd.WorkspaceConfig.reopen_on_reply("Acme")
        if "pending_after_secs" in cfg:
            config = dataclasses.replace(config, pending_after_secs=cfg["pending_after_secs"])
        if "utc_offset_minutes" in cfg:
            config = dataclasses.replace(config, utc_offset_minutes=cfg["utc_offset_minutes"])
        if "pending_alert_after_secs" in cfg:
            config = dataclasses.replace(config, pending_alert_after_secs=cfg["pending_alert_after_secs"])
        if "ai_confidence_alert_below" in cfg:
            config = dataclasses.replace(config, ai_confidence_alert_below=cfg["ai_confidence_alert_below"])
        self.ws = fd.Workspace(config)
        self.ws.collect_notifications(True)
        self.vars = {}
        self.at = 0

    def resolve(self, v):
        if isinstance(v, str) and v.startswith("$"):
            return self.vars[v[1:]]
        if isinstance(v, list):
            return [self.resolve(x) for x in v]
        if isinstance(v, dict):
            return {k: self.resolve(x) for k, x in v.items()}
        return v

    def step(self, step):
        self.at = step.get("at", self.at)
        now = self.epoch + timedelta(minutes=self.at)
        who = step.get("as", "system")
        actor = fd.SYSTEM if who == "system" else self.resolve(who)
        args = self.resolve(step.get("args", {}))
        if "read" in step:
            return self.check_read(step, actor, now, args)
        try:
            if step["do"] == "bulk":
                self.bulk(step, actor, now, args)
                return self.check_notifications(step)
            events, value = self.command(step["do"], actor, now, args)
        except fd.FrontdeskError as e:
            self.family_matches(e)
            if step.get("error") != e.code:
                raise Failure(f"failed with {e.code} ({e}), expected {step.get('error')}")
            return self.check_notifications(step)
        self.check_notifications(step)
        if "error" in step:
            raise Failure(f"succeeded, expected {step['error']}")
        if "events" in step and [e.type for e in events] != step["events"]:
            raise Failure(f"events {[e.type for e in events]}, expected {step['events']}")
        if "save" in step:
            self.vars[step["save"]] = value

    def check_notifications(self, step):
        got = []
        for n in self.ws.take_notifications():
            assert isinstance(n, fd.Notification) and n.channels, n
            got.append([n.recipient, n.kind])
        if "notifications" in step and got != self.resolve(step["notifications"]):
            raise Failure(f"notifications {got}, expected {step['notifications']}")

    @staticmethod
    def family_matches(e):
        family = {fd.NotFoundError: "not_found", fd.ForbiddenError: "forbidden", fd.InvariantError: "invariant", fd.InvalidInputError: "invalid_input"}
        # The errors with spans are subclasses of their family's class.
        detailed = {fd.QuerySyntaxError: "query_syntax", fd.TemplateSyntaxError: "template_syntax", fd.MissingVariablesError: "missing_variables"}
        assert type(e) in family or detailed.get(type(e)) == e.code, f"{type(e)} is not a family class for {e.code}"

    def command(self, cmd, a, now, x):
        ws = self.ws
        if cmd == "tick":
            return ws.tick(now), None
        if cmd == "reload":
            self.ws = fd.Workspace.from_json(ws.to_json())
            self.ws.collect_notifications(True)
            return [], None
        if cmd in ("viewing", "typing"):
            getattr(ws, cmd)(a, x["conversation"], now=now)
            return [], None
        if cmd == "watch_views":
            ws.watch_views(a, x["views"])
            return [], None
        if cmd == "add_user":
            r = ws.add_user(a, x["name"], x["email"], fd.Role(x["role"]), now=now, availability=fd.Availability(x.get("availability", "offline")))
        elif cmd == "add_team":
            r = ws.add_team(a, x["name"], x["members"], now=now)
        elif cmd == "add_contact":
            r = ws.add_contact(a, now=now, name=x.get("name"), phone=x.get("phone"), email=x.get("email"))
        elif cmd == "remove_user":
            r = ws.remove_user(a, x["user"], now=now)
        elif cmd == "set_contact_routing":
            r = ws.set_contact_routing(a, x["contact"], now=now, assignees=x["assignees"], visibility=x["visibility"])
        elif cmd == "receive_message":
            r = ws.receive_message(
                a, now=now, channel=x["channel"], body=x["body"], handle=x.get("handle"), contact=x.get("contact"),
                campaign=x.get("campaign"),
            )
        elif cmd == "start_conversation":
            r = ws.start_conversation(a, x["contact"], x["channel"], x["body"], now=now)
        elif cmd == "send_message":
            r = ws.send_message(a, x["conversation"], x["body"], now=now, channel=x.get("channel"))
        elif cmd == "send_ai_reply":
            r = ws.send_ai_reply(a, x["conversation"], x["body"], now=now, confidence=x.get("confidence"), reasoning=x.get("reasoning"), intent=x.get("intent"))
        elif cmd == "set_summary":
            r = ws.set_summary(a, x["conversation"], x.get("summary"), now=now)
        elif cmd == "rate_satisfaction":
            r = ws.rate_satisfaction(a, x["conversation"], x["rating"], x.get("comment"), now=now)
        elif cmd == "send_auto_reply":
            r = ws.send_auto_reply(a, x["conversation"], x["body"], now=now)
        elif cmd == "add_note":
            r = ws.add_note(a, x["conversation"], x["body"], now=now)
        elif cmd == "send_internal_message":
            r = ws.send_internal_message(a, x["to"], x["body"], now=now)
        elif cmd == "send_invoice":
            r = ws.send_invoice(a, x["conversation"], now=now, kind=fd.PaymentKind(x["kind"]), amount_minor=x["amount_minor"], currency=x["currency"], description=x["description"])
        elif cmd == "mark_invoice_paid":
            r = ws.mark_invoice_paid(a, x["invoice"], now=now)
        elif cmd == "cancel_invoice":
            r = ws.cancel_invoice(a, x["invoice"], now=now)
        elif cmd == "assign":
            r = ws.assign(a, x["conversation"], x["users"], x.get("note"), now=now)
        elif cmd == "unassign":
            r = ws.unassign(a, x["conversation"], x["users"], now=now)
        elif cmd == "transfer":
            r = ws.transfer(a, x["conversation"], x["to"], x.get("note"), now=now)
        elif cmd == "assign_team":
            r = ws.assign_team(a, x["conversation"], x["team"], x.get("note"), now=now)
        elif cmd == "take_over":
            r = ws.take_over(a, x["conversation"], now=now)
        elif cmd == "request_handoff":
            r = ws.request_handoff(a, x["conversation"], x.get("reason"), now=now)
        elif cmd == "resume_ai":
            r = ws.resume_ai(a, x["conversation"], now=now)
        elif cmd == "set_ai_mode":
            r = ws.set_ai_mode(a, x["conversation"], x["mode"], now=now)
        elif cmd == "set_status":
            r = ws.set_status(a, x["conversation"], x["status"], now=now)
        elif cmd in ("close", "reopen", "archive", "delete_conversation", "clear_priority_pin"):
            r = getattr(ws, cmd)(a, x["conversation"], now=now)
        elif cmd == "set_priority":
            r = ws.set_priority(a, x["conversation"], x["priority"], x.get("reason"), now=now)
        elif cmd == "tag_conversation":
            r = ws.tag_conversation(a, x["conversation"], x["tag"], now=now)
        elif cmd == "set_visibility":
            vis = fd.EVERYONE if x["visibility"] == "everyone" else x["visibility"]
            r = ws.set_visibility(a, x["conversation"], vis, now=now)
        elif cmd == "set_availability":
            r = ws.set_availability(a, x["user"], fd.Availability(x["availability"]), now=now)
        elif cmd == "set_user_routing":
            r = ws.set_user_routing(a, x["user"], x["skills"], x.get("capacity"), now=now)
        elif cmd == "set_routing":
            r = ws.set_routing(a, x["chain"], now=now)
        elif cmd == "set_team_routing":
            r = ws.set_team_routing(a, x["team"], x["chain"], now=now)
        elif cmd == "set_required_skills":
            r = ws.set_required_skills(a, x["conversation"], x["skills"], now=now)
        elif cmd == "auto_assign":
            r = ws.auto_assign(a, x["conversation"], now=now)
            assert isinstance(r.value, fd.RoutingDecision)
        elif cmd == "set_priority_rules":
            r = ws.set_priority_rules(a, x["rules"], now=now)
        elif cmd == "set_response_goals":
            r = ws.set_response_goals(a, None if x["goals"] is None else fd.ResponseGoals(**x["goals"]), now=now)
        elif cmd == "record_ai_signals":
            r = ws.record_ai_signals(a, x["conversation"], now=now, sentiment=x.get("sentiment"), intent=x.get("intent"))
            assert isinstance(r.value, fd.PriorityDecision)
        elif cmd == "add_template":
            r = ws.add_template(a, x["name"], x["source"], now=now, whatsapp_approved=x.get("whatsapp_approved", False))
        elif cmd == "save_filter":
            view = fd.View(x.get("view", "team_inbox"))
            r = ws.save_filter(a, x["name"], view, now=now, query=x.get("query"), shared=x.get("shared", False), tag=x.get("tag"))
            assert isinstance(r.value, int)
        elif cmd == "rename_saved_filter":
            r = ws.rename_saved_filter(a, x["filter"], x["name"], now=now)
        elif cmd == "delete_saved_filter":
            r = ws.delete_saved_filter(a, x["filter"], now=now)
        elif cmd == "mark_read":
            r = ws.mark_read(a, x["conversation"], now=now)
        elif cmd == "mark_unread":
            r = ws.mark_unread(a, x["conversation"], now=now)
        elif cmd == "set_notification_channels":
            r = ws.set_notification_channels(a, x["user"], x["kind"], x["channels"], now=now)
        elif cmd == "reset_notification_preferences":
            r = ws.reset_notification_preferences(a, x["user"], now=now)
        else:
            raise Failure(f"unknown command {cmd}")
        value = r.value.conversation if isinstance(r.value, fd.Delivered) else r.value
        return r.events, value

    def bulk(self, step, a, now, x):
        kw = {k: x[k] for k in ("users", "note", "team", "status", "priority", "reason") if k in x}
        outcomes = self.ws.bulk(a, x["conversations"], fd.BulkAction(x["action"]), now=now, **kw)
        got = [o.error.code if o.error is not None else None for o in outcomes]
        if got != step["results"]:
            raise Failure(f"bulk results {got}, expected {step['results']}")

    def page(self, p):
        def row(r):
            return {
                "conversation": r.conversation, "internal": r.internal, "contact": r.contact, "title": r.title,
                "preview": r.preview, "last_activity_at": int((r.last_activity_at - self.epoch).total_seconds() // 60),
                "channel": r.channel.value, "unread": r.unread, "unreplied": r.unreplied, "status": r.status.value,
                "priority": r.priority.value, "assignees": list(r.assignees), "ai_mode": r.ai_mode.value,
            }
        return {"ids": [r.conversation for r in p.rows], "next": p.next, "first": row(p.rows[0]) if p.rows else None}

    @staticmethod
    def after(x):
        a = x.get("after")
        return a["next"] if isinstance(a, dict) else a

    def read(self, what, a, now, x):
        ws = self.ws
        if what == "explain_routing":
            d = ws.explain_routing(a, x["conversation"])
            return {"outcome": d.outcome, "users": list(d.users), "strategy": d.strategy and d.strategy.value, "reason": d.reason}
        if what == "routing_queue":
            return list(ws.routing_queue(a))
        if what == "view":
            kw = {"sort": x.get("sort"), "after": self.after(x)}
            if "limit" in x:
                kw["limit"] = x["limit"]
            filters = {"mode": x.get("mode"), "campaign": x.get("campaign")}
            # Aliases ("mine", "all") and unknown names go to the core as text,
            # which accepts the aliases and refuses the rest with invalid_value.
            view = fd.View(x["view"]) if x["view"] in {v.value for v in fd.View} else x["view"]
            out = self.page(ws.view(a, view, now=now, **kw, **filters))
            out["count"] = ws.count(a, view, now=now, **filters)
            return out
        if what == "tiles":
            return dataclasses.asdict(ws.tiles(a))
        if what == "unread_count":
            return ws.unread_count(a, x["conversation"])
        if what == "read_marker":
            return ws.read_marker(a, x["conversation"])
        if what == "search_ids":
            return list(ws.search_ids(a, x["query"], now=now))
        if what == "search_count":
            return ws.search_count(a, x["query"], now=now)
        if what == "saved_filters":
            listed = ws.saved_filters(a, now=now)
            for c in listed:
                assert isinstance(c, fd.SavedFilterCount) and ws.saved_filter(a, c.filter.id) == c.filter
            return [{"name": c.filter.name, "count": c.count} for c in listed]
        if what == "search_text":
            kw = {"sort": x.get("sort"), "after": self.after(x)}
            if "limit" in x:
                kw["limit"] = x["limit"]
            return self.page(ws.search(a, x["query"], now=now, **kw))
        if what == "render_template":
            return ws.render_template(a, x["conversation"], x["name"], now=now, values=x.get("values"))
        if what == "find_templates":
            return [m.name for m in ws.find_templates(x["query"], x["limit"])]
        if what == "explain_priority":
            d = ws.explain_priority(a, x["conversation"], now=now)
            return {"priority": d.priority and d.priority.value, "fired": [f.rule_id for f in d.fired]}
        if what == "conversation_metrics":
            return dataclasses.asdict(ws.conversation_metrics(a, x["conversation"]))
        if what == "workspace_metrics":
            return dataclasses.asdict(ws.workspace_metrics(a, now=now))
        if what == "agent_metrics":
            return dataclasses.asdict(ws.agent_metrics(a, x["agent"], now=now))
        if what == "conversation":
            c = ws.conversation(a, x["conversation"])
            return {
                "status": c.status.value, "priority": c.priority.value, "priority_pinned": c.priority_pin is not None,
                "ai_mode": c.ai_mode.value, "assignees": list(c.assignees), "team": c.team, "unreplied": c.reply.unreplied,
                "answered_by_ai": c.reply.answered_by_ai, "channel": c.channel.value, "origin": c.origin.value,
                "continued_from": c.continued_from, "contact": c.contact,
                "visibility": c.visibility if c.visibility == fd.EVERYONE else list(c.visibility),
                "tags": list(c.tags), "messages": len(c.messages), "message_channels": [m.channel.value for m in c.messages],
            }
        if what == "conversations":
            return [c.id for c in ws.conversations(a)]
        if what == "conversation_count":
            return ws.conversation_count(a)
        if what == "customer_panel":
            p = ws.customer_panel(a, x["contact"], x.get("beside"))
            first = None if p.first_contact_at is None else int((p.first_contact_at - self.epoch).total_seconds() // 60)
            return {"total_conversations": p.total_conversations, "related": list(p.related), "first_contact_at": first,
                    "notes": list(p.notes), "tags": list(p.tags)}
        if what == "export_transcripts":
            out = ws.export_transcripts(a, x["conversations"], fd.Audience(x["audience"]))
            return [{"conversation": o.conversation, "error": None if o.error is None else o.error.code,
                     "kinds": None if o.transcript is None else [e.kind for e in o.transcript.entries]} for o in out]
        if what == "can_see":
            return ws.can_see(a, x["conversation"])
        if what == "transcript":
            t = ws.transcript(a, x["conversation"], fd.Audience(x["audience"]))
            return {"kinds": [e.kind for e in t.entries], "bodies": [e.body for e in t.entries], "with": t.with_,
                    "summary": t.summary, "satisfaction": t.satisfaction,
                    "confidences": [e.ai_confidence for e in t.entries], "intents": [e.ai_intent for e in t.entries]}
        if what == "contact":
            c = ws.contact(a, x["contact"])
            return {"name": c.name, "phone": c.phone, "email": c.email, "current_conversation": c.current_conversation}
        if what == "find_contact":
            return ws.find_contact(fd.Channel(x["channel"]), x["handle"])
        if what == "next_due":
            due = ws.next_due()
            return None if due is None else int((due - self.epoch).total_seconds() // 60)
        if what == "user":
            u = ws.user(x["user"])
            return {"removed": u.removed, "name": u.name}
        if what == "notification_preferences":
            return ws.notification_preferences(a, x["user"])
        if what == "feed":
            return self.feed(ws.take_feed(a))
        if what == "feed_groups":
            groups = ws.take_feed_groups()
            assert all(isinstance(g, fd.FeedGroup) for g in groups)
            return [
                {"viewers": list(g.viewers), "tiles": [None if t is None else dataclasses.asdict(t) for t in g.tiles], "feed": self.feed(g.feed)}
                for g in groups
            ]
        if what == "present":
            return [{"user": p.user, "typing": p.typing} for p in ws.present(a, x["conversation"], now=now)]
        raise Failure(f"unknown read {what}")

    def feed(self, f):
        assert isinstance(f, fd.Feed) and all(isinstance(v, fd.FeedView) for v in f.views)
        return {
            "reset": f.reset,
            "gone": list(f.gone),
            "tiles": None if f.tiles is None else dataclasses.asdict(f.tiles),
            "views": [
                {"view": v.view.value, "entered": [r.row.conversation for r in v.entered], "changed": [r.row.conversation for r in v.changed], "left": list(v.left), "count": v.count}
                for v in f.views
            ],
        }

    def check_read(self, step, a, now, x):
        try:
            got = self.read(step["read"], a, now, x)
        except fd.FrontdeskError as e:
            if step.get("error") != e.code:
                raise Failure(f"read failed with {e.code}, expected {step.get('error')}")
            return
        if "error" in step:
            raise Failure(f"read succeeded, expected {step['error']}")
        match(got, self.resolve(step.get("expect")))
        if "save" in step:
            self.vars[step["save"]] = got


def match(got, expected, path="value"):
    if isinstance(expected, dict):
        for k, v in expected.items():
            match(got.get(k), v, f"{path}.{k}")
    elif got != expected:
        raise Failure(f"{path}: got {got!r}, expected {expected!r}")


def test_every_conformance_scenario_passes_through_the_python_api():
    fixture = json.loads((SCENARIOS / "fixture.json").read_text())
    total, failures = 0, []
    for path in sorted(SCENARIOS.glob("*.json")):
        if path.name == "fixture.json":
            continue
        for scenario in json.loads(path.read_text())["scenarios"]:
            total += 1
            runner = Runner(fixture, scenario)
            for i, step in enumerate(fixture["steps"] + scenario["steps"]):
                try:
                    runner.step(step)
                except (Failure, AssertionError, TypeError, ValueError, KeyError) as e:
                    failures.append(f"{path.name} / {scenario['name']}: step {i} {step}: {e!r}")
                    break
    print(f"\nconformance: {total - len(failures)}/{total} scenarios passed (python)")
    assert total >= 60
    assert not failures, "\n".join(failures)
