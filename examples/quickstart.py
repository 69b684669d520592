"""The tour in Python, in short: a support team's morning.

Run with `python examples/quickstart.py` after `pip install` of the wheel
(bindings/python/test.sh builds and installs it).
"""

from datetime import datetime, timedelta, timezone

import frontdesk as fd


def at(minutes: int) -> datetime:
    return datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc) + timedelta(minutes=minutes)


ws = fd.Workspace(fd.WorkspaceConfig.reopen_on_reply("Acme Outdoor"))
grace = ws.add_user(fd.SYSTEM, "Grace", "grace@acme.test", fd.Role.ADMIN, now=at(0)).value
sarah = ws.add_user(fd.SYSTEM, "Sarah", "sarah@acme.test", fd.Role.AGENT, now=at(0), availability=fd.Availability.ONLINE).value
tom = ws.add_user(fd.SYSTEM, "Tom", "tom@acme.test", fd.Role.AGENT, now=at(0), availability=fd.Availability.ONLINE).value
ws.add_contact(fd.SYSTEM, now=at(0), name="Maria Lopez", phone="+34 612 345 678", segment="VIP")

# Maria writes on WhatsApp; the AI answers; Sarah takes over.
c = ws.receive_message(fd.SYSTEM, now=at(0), channel=fd.Channel.WHATSAPP, handle="+34612345678", body="My tent pole snapped").value.conversation
ws.send_ai_reply(fd.SYSTEM, c, "Sorry to hear that! Could you send a photo?", now=at(1))
for event in ws.take_over(sarah, c, now=at(11)).events:
    print("event:", event.type)
ws.send_message(sarah, c, "Hi Maria, I'm Sarah. A new pole is 24.99 EUR.", now=at(12))
invoice = ws.send_invoice(sarah, c, now=at(13), kind=fd.PaymentKind.INVOICE, amount_minor=2499, currency="EUR", description="Replacement tent pole").value
ws.add_note(sarah, c, "Warranty expired last month.", now=at(14))

# Closing with an unpaid invoice is refused; so is deletion by an agent.
try:
    ws.close(sarah, c, now=at(15))
except fd.InvariantError as e:
    print(f"Sarah closes: refused [{e.code}] {e}")
try:
    ws.delete_conversation(tom, c, now=at(15))
except fd.ForbiddenError as e:
    print(f"Tom deletes: refused [{e.code}] {e}")

# Confidential from now on; Tom cannot see it.
ws.set_visibility(sarah, c, [sarah], now=at(16))
print("Tom can see it:", ws.can_see(tom, c))

ws.mark_invoice_paid(fd.SYSTEM, invoice, now=at(30))
ws.close(sarah, c, now=at(32))
print(ws.conversation(grace, c))
print(ws.export_text(grace, c, fd.Audience.CUSTOMER))
