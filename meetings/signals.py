"""What meetings tell other apps; sent inside the sending service's transaction (see
followup.signals), so that a receiver's records and queued mails commit or roll back with it."""

from django.dispatch import Signal

# meeting (Meeting), member (Member), email (str), subject (str), body (str): the agenda is
# recorded as sent to a member (meetings.AgendaSending), once per meeting and member.
agenda_sent = Signal()
