"""Erasing a member at their request: the person is blanked and the account closed;
their traces go from the mail jobs, django-axes' login logs, the history tables, the
admin log and, unless they chose to leave them signed "ancien membre", their comments.
Contributions (ideas, registrations, representations) stay, signed "ancien membre".

The other apps sit above the register: their rows are reached through the reverse
relations of the person and the account; the registry is asked by label only for models
that keep no reverse accessor (related_name "+")."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from actors.models import Person
from alliance.models import Invitation, Job, JoinRequest

PERSONAL_FIELDS = ["first_name", "last_name", "title", "email", "phone"]
FORMER_MEMBER = "ancien membre"
REMOVED_COMMENT = "Commentaire retiré par son auteur."


def _traces(user, person) -> tuple[list[str], list[str]]:
    """The member's e-mail addresses, and full names (past ones too, from the history).
    First names alone are too common to hunt for in free text."""
    emails = {user.email, *user.emailaddress_set.values_list("email", flat=True)}
    names = {user.get_full_name()}
    if person is not None:
        for first, last, email in person.history.values_list("first_name", "last_name", "email"):
            emails.add(email)
            names.add(f"{first} {last}")
    emails = {e.strip().lower() for e in emails if e and e.strip()}
    names = {n.strip() for n in names if len(n.strip()) >= 5}
    return sorted(emails), sorted(names, key=len, reverse=True)


def _scrub(value, traces: list[str]):
    """`value` (JSON-like) with every trace replaced by "ancien membre"."""
    if isinstance(value, str):
        for trace in traces:
            value = _replace_folded(value, trace)
        return value
    if isinstance(value, list):
        return [_scrub(item, traces) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, traces) for key, item in value.items()}
    return value


def _replace_folded(text: str, trace: str) -> str:
    lowered, needle, start, out = text.lower(), trace.lower(), 0, []
    while (found := lowered.find(needle, start)) != -1:
        out.append(text[start:found] + FORMER_MEMBER)
        start = found + len(needle)
    return "".join(out) + text[start:]


def _erase_jobs(traces: list[str]) -> None:
    """Mail already sent (or never to be sent to a closed account) goes; a job being run
    right now keeps its row, scrubbed, so that its worker can record the end."""
    query = Q(pk__in=[])
    for trace in traces:
        # SQLite keeps JSON with \\u escapes: look for the escaped form too.
        escaped = trace.encode("ascii", "backslashreplace").decode().replace("\\x", "\\u00")
        query |= Q(kwargs__icontains=trace) | Q(kwargs__icontains=escaped)
    jobs = Job.objects.filter(query)
    for job in jobs.filter(state=Job.State.RUNNING):
        job.kwargs = _scrub(job.kwargs, traces)
        job.save(update_fields=["kwargs"])
    jobs.exclude(state=Job.State.RUNNING).delete()


def _erase_logins(traces: list[str]) -> None:
    """django-axes keeps the login typed at each attempt, with what was posted."""
    for Model in (AccessAttempt, AccessLog, AccessFailureLog):
        query = Q(pk__in=[])
        for trace in traces:
            query |= Q(username__iexact=trace)
            if Model is AccessAttempt:
                query |= Q(post_data__icontains=trace) | Q(get_data__icontains=trace)
        Model.objects.filter(query).delete()


def _erase_comments(user, *, keep: bool) -> None:
    comments = user.idea_comments.all()
    Comment = comments.model
    apps.get_model("ideas.CommentReport").objects.filter(user=user).delete()
    if keep:
        comments.update(author=None)  # shown as "ancien membre"
        return
    # A comment others answered keeps its place in the thread, without its text.
    answered = list(
        Comment.objects.filter(parent__in=comments)
        .exclude(author=user)
        .values_list("parent_id", flat=True)
        .distinct()
    )
    Comment.objects.filter(pk__in=answered).update(author=None, body=REMOVED_COMMENT)
    comments.exclude(pk__in=answered).delete()


def _erase_person(person, traces: list[str]) -> None:
    for name in PERSONAL_FIELDS:
        setattr(person, name, "")
    person.share_contact = False
    person.erased_at = timezone.now()
    person._change_reason = "Effacement à la demande de la personne"
    person.save()
    # Past versions must not keep what was erased.
    person.history.update(**dict.fromkeys(PERSONAL_FIELDS, ""), share_contact=False)
    person.referent_of.update(referent=None)
    if profile := getattr(person, "circle_profile", None):  # one-to-one: None when missing
        profile.delete()
    person.ideas.exclude(author_name="").update(author_name="")
    person.ideas.model.objects.filter(author_name__in=traces).update(author_name="")


def _erase_elsewhere(user, emails: list[str], traces: list[str]) -> None:
    user.follows.all().delete()
    if subscriber := getattr(user, "subscriber", None):  # one-to-one: None when missing
        subscriber.delete()
    received = Invitation.objects.filter(Q(user=user) | _iexact("email", emails))
    received.update(email=f"ancien-membre-{user.pk}@invalid.invalid", message="")
    JoinRequest.objects.filter(_iexact("email", emails)).delete()
    apps.get_model("circles.ReminderLog").objects.filter(
        Q(person__user=user) | _iexact("email", emails)
    ).delete()
    Person.registrations.field.model.objects.filter(_iexact("guest_email", emails)).update(
        guest_name="", guest_email="", guest_organisation=""
    )
    person_type = ContentType.objects.get_for_model(Person)
    user_type = ContentType.objects.get_for_model(user)
    person_ids = [str(pk) for pk in Person.objects.filter(user=user).values_list("pk", flat=True)]
    LogEntry.objects.filter(
        Q(content_type=person_type, object_id__in=person_ids)
        | Q(content_type=user_type, object_id=str(user.pk))
    ).update(object_repr=FORMER_MEMBER, change_message="")
    _erase_jobs(traces)
    _erase_logins(traces)


def _iexact(field: str, values: list[str]) -> Q:
    query = Q(pk__in=[])
    for value in values:
        query |= Q(**{f"{field}__iexact": value})
    return query


@transaction.atomic
def erase_account(*, user, keep_comments: bool = False) -> None:
    """Blanks the person, closes the account and removes the member's traces: mail jobs,
    login logs, history, comments (kept, signed "ancien membre", only if they chose so).
    Contributions stay, signed "ancien membre" (Person.full_name of an erased person)."""
    person = Person.objects.filter(user=user).first()
    emails, names = _traces(user, person)
    traces = emails + names
    _erase_comments(user, keep=keep_comments)
    _erase_elsewhere(user, emails, traces)
    if person is not None:
        person.representation_requests.all().delete()  # a request, not a contribution
        _erase_person(person, traces)
    user.emailaddress_set.all().delete()
    user.first_name = ""
    user.last_name = ""
    user.email = f"ancien-membre-{user.pk}@invalid.invalid"
    user.is_active = False
    user.set_unusable_password()
    user.save()
