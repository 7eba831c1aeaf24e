"""A member's personal data: everything the platform links to their account, for their
own download (JSON, and a readable page built from the same sections), and its erasure.

The register sits below the other apps: their rows are reached through the reverse
relations of the person and the account (`person.memberships`, `user.idea_likes`…); the
registry is asked by label only for models that keep no reverse accessor (related_name "+").
Keys are English throughout; the page gives each section and field a French title.
"""

from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation, Person
from alliance.models import Invitation, Job, JoinRequest

MAIL_JOB = "alliance.mail.deliver"
CIRCLE_SECTIONS = [
    "memberships",
    "registrations",
    "poll_answers",
    "circles_facilitated",
    "polls_created",
    "reminders_sent",
]


def _model(label: str):
    """A model whose foreign key to the person or account has no reverse accessor."""
    return apps.get_model(label)


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _account(user) -> dict:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": _date(user.date_joined),
        "last_login": _date(user.last_login),
        "roles": sorted(user.groups.values_list("name", flat=True)),
    }


def _email_addresses(user) -> list[dict]:
    return [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in user.emailaddress_set.all()
    ]


def _person(person) -> dict:
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "title": person.title,
        "email": person.email,
        "phone": person.phone,
        "share_contact": person.share_contact,
        "created_at": _date(person.created_at),
        "updated_at": _date(person.updated_at),
    }


def _circles(user, person) -> dict:
    answers = _model("circles.PollAnswer").objects.filter(person=person)
    profile = getattr(person, "circle_profile", None)  # one-to-one: None when missing
    return {
        "memberships": [
            {
                "circle": m.circle.name,
                "role": m.get_role_display(),
                "status": m.get_status_display(),
                "organisation": m.organisation.name if m.organisation else None,
                "has_mandate": m.has_mandate,
                "start": _date(m.start),
                "end": _date(m.end),
            }
            for m in person.memberships.select_related("circle", "organisation")
        ],
        "registrations": [
            {
                "meeting": r.meeting.title,
                "meeting_start": _date(r.meeting.start),
                "answer": r.get_answer_display(),
                "on_waiting_list": r.on_waiting_list,
                "confirmed_at": _date(r.confirmed_at),
                "attended": r.attended,
                "created_at": _date(r.created_at),
            }
            for r in person.registrations.select_related("meeting")
        ],
        "poll_answers": [
            {"poll": a.slot.poll.title, "slot": _date(a.slot.start), "answer": a.answer}
            for a in answers.select_related("slot__poll")
        ],
        "circle_preferences": {"meeting_reminders": profile.reminders} if profile else None,
        "circles_facilitated": [{"circle": c.name} for c in person.facilitated_circles.all()],
        "polls_created": [
            {"title": p.title, "circle": p.circle.name, "created_at": _date(p.created_at)}
            for p in _model("circles.DatePoll")
            .objects.filter(created_by=user)
            .select_related("circle")
        ],
        "reminders_sent": [
            {"meeting": r.meeting.title, "email": r.email, "sent_at": _date(r.sent_at)}
            for r in _model("circles.ReminderLog")
            .objects.filter(person=person)
            .select_related("meeting")
        ],
    }


def _ideas(user, person) -> dict:
    imports = _model("ideas.ImportBatch").objects.filter(created_by=user).select_related("space")
    return {
        "idea_imports": [
            {
                "space": b.space.name,
                "file": b.original_name,
                "state": b.get_state_display(),
                "created_at": _date(b.created_at),
            }
            for b in imports
        ],
        "ideas": [
            {
                "space": i.space.name,
                "title": i.title,
                "body": i.body,
                "status": i.get_status_display(),
                "organisation": i.organisation.name if i.organisation else None,
                "created_at": _date(i.created_at),
            }
            for i in (person.ideas.select_related("space", "organisation") if person else [])
        ],
        "likes": [
            {"idea": like.idea.title, "created_at": _date(like.created_at)}
            for like in user.idea_likes.select_related("idea")
        ],
        "comments": [
            {
                "idea": c.idea.title,
                "body": c.body,
                "created_at": _date(c.created_at),
                "edited_at": _date(c.edited_at),
                "hidden_by_moderation": c.is_hidden,
            }
            for c in user.idea_comments.select_related("idea")
        ],
        "comment_reports": [
            {"comment": r.comment.body[:200], "reason": r.reason, "created_at": _date(r.created_at)}
            for r in _model("ideas.CommentReport")
            .objects.filter(user=user)
            .select_related("comment")
        ],
    }


def _projects(user, person) -> dict:
    mandates = person.representations.filter(has_mandate=True) if person else []
    organisation_ids = [r.organisation_id for r in mandates]
    # Need and Offer live a floor above: their models are those of the organisation's relations.
    needs = Organisation.needs.field.model.objects.filter(
        Q(project__proposed_by=user) | Q(organisation_id__in=organisation_ids)
    )
    offers = Organisation.offers.field.model.objects.filter(organisation_id__in=organisation_ids)
    return {
        "projects_proposed": [
            {
                "title": p.title,
                "state": p.get_state_display(),
                "summary": p.summary,
                "description": p.description,
                "created_at": _date(p.created_at),
            }
            for p in user.proposed_projects.all()
        ],
        "projects_as_referent": [
            {"title": p.title} for p in (person.referent_of.all() if person else [])
        ],
        "needs": [
            {
                "carrier": n.project.title if n.project else n.organisation.name,
                "kind": n.get_kind_display(),
                "description": n.description,
                "status": n.get_status_display(),
                "created_at": _date(n.created_at),
            }
            for n in needs.select_related("project", "organisation")
        ],
        "offers": [
            {
                "organisation": o.organisation.name,
                "kind": o.get_kind_display(),
                "description": o.description,
                "created_at": _date(o.created_at),
            }
            for o in offers.select_related("organisation")
        ],
    }


def _mail_jobs(user):
    return Job.objects.filter(name=MAIL_JOB, kwargs__icontains=user.email)


def _messages(user) -> dict:
    jobs = list(_mail_jobs(user).order_by("created_at"))
    email = user.email.lower()
    sent = [j for j in jobs if email in [a.lower() for a in j.kwargs.get("reply_to", [])]]
    received = [j for j in jobs if email in [a.lower() for a in j.kwargs.get("to", [])]]
    return {
        "help_messages": [
            {
                "subject": j.kwargs.get("subject", ""),
                "body": j.kwargs.get("body", ""),
                "created_at": _date(j.created_at),
                "state": j.get_state_display(),
            }
            for j in sent
        ],
        "emails_to_you": [
            {
                "subject": j.kwargs.get("subject", ""),
                "created_at": _date(j.created_at),
                "state": j.get_state_display(),
            }
            for j in received
        ],
    }


def _network(user) -> dict:
    subscriber = getattr(user, "subscriber", None)  # one-to-one: None when missing
    return {
        "follows": [
            {"kind": f.kind, "target": str(f.target), "created_at": _date(f.created_at)}
            for f in user.follows.select_related("theme", "commune", "circle", "project", "space")
        ],
        "notification_settings": {
            "weekly_digest": subscriber.weekly_digest,
            "notifications_seen_at": _date(subscriber.notifications_seen_at),
            "digest_sent_at": _date(subscriber.digest_sent_at),
        }
        if subscriber
        else None,
    }


def _invitations(user) -> dict:
    return {
        "invitations_sent": [
            {"email": i.email, "created_at": _date(i.created_at), "accepted": bool(i.accepted_at)}
            for i in Invitation.objects.filter(invited_by=user)
        ],
        "invitation_received": [
            {
                "email": i.email,
                "created_at": _date(i.created_at),
                "accepted_at": _date(i.accepted_at),
            }
            for i in Invitation.objects.filter(Q(user=user) | Q(email__iexact=user.email))
        ],
    }


def _join_requests(user) -> dict:
    fields = ["name", "email", "organisation", "role", "message", "state", "reason"]
    return {
        "join_requests": [
            {**{f: getattr(r, f) for f in fields}, "created_at": _date(r.created_at)}
            for r in JoinRequest.objects.filter(email__iexact=user.email)
        ],
        "join_requests_decided": [
            {"name": r.name, "state": r.state, "decided_at": _date(r.decided_at)}
            for r in JoinRequest.objects.filter(decided_by=user)
        ],
    }


def _roadmap(user) -> dict:
    measurements = _model("roadmap.Measurement").objects.filter(recorded_by=user)
    return {
        "measurements_recorded": [
            {
                "objective": m.objective.title,
                "date": _date(m.date),
                "value": str(m.value),
                "comment": m.comment,
            }
            for m in measurements.select_related("objective")
        ]
    }


def personal_data(user) -> dict:
    """Everything linked to `user`'s account, in sections (see SECTIONS)."""
    person = Person.objects.filter(user=user).first()
    data: dict = {
        "exported_at": timezone.now().isoformat(),
        "account": _account(user),
        "email_addresses": _email_addresses(user),
        "person": _person(person) if person else None,
        "representations": [
            {
                "organisation": r.organisation.name,
                "role": r.role,
                "has_mandate": r.has_mandate,
                "start": _date(r.start),
                "end": _date(r.end),
            }
            for r in (person.representations.select_related("organisation") if person else [])
        ],
        "representation_requests": [
            {"organisation": r.organisation.name, "role": r.role, "state": r.state}
            for r in (
                person.representation_requests.select_related("organisation") if person else []
            )
        ],
    }
    if person:
        data.update(_circles(user, person))
    else:  # the same keys, empty, for an account without a person
        data.update(dict.fromkeys(CIRCLE_SECTIONS, []), circle_preferences=None)
    data.update(_ideas(user, person))
    data.update(_projects(user, person))
    data.update(_messages(user))
    data.update(_network(user))
    data.update(_invitations(user))
    data.update(_join_requests(user))
    data.update(_roadmap(user))
    data["history"] = [
        {"date": h.history_date.isoformat(), "change": str(h.get_history_type_display())}
        for h in (person.history.all() if person else [])
    ]
    return data


# Section titles and field labels of the readable page, in the order shown.
SECTIONS = {
    "account": _("Mon compte"),
    "email_addresses": _("Mes adresses e-mail"),
    "person": _("Ma fiche"),
    "representations": _("Mes organisations"),
    "representation_requests": _("Mes demandes de rattachement à une organisation"),
    "memberships": _("Mes cercles"),
    "registrations": _("Mes inscriptions aux réunions"),
    "poll_answers": _("Mes réponses aux sondages de date"),
    "circle_preferences": _("Mes préférences de cercle"),
    "circles_facilitated": _("Les cercles que j'anime"),
    "polls_created": _("Les sondages de date que j'ai lancés"),
    "reminders_sent": _("Les rappels de réunion reçus"),
    "idea_imports": _("Mes imports d'idées"),
    "ideas": _("Mes idées"),
    "likes": _("Mes « j'aime »"),
    "comments": _("Mes commentaires"),
    "comment_reports": _("Mes signalements"),
    "projects_proposed": _("Les projets que j'ai proposés"),
    "projects_as_referent": _("Les projets dont je suis référent·e"),
    "needs": _("Besoins de mes projets et organisations"),
    "offers": _("Offres de mes organisations"),
    "help_messages": _("Mes messages « Je peux aider »"),
    "emails_to_you": _("Les e-mails qui m'ont été envoyés"),
    "follows": _("Mes abonnements"),
    "notification_settings": _("Mes notifications"),
    "invitations_sent": _("Les invitations que j'ai envoyées"),
    "invitation_received": _("Mon invitation"),
    "join_requests": _("Mes demandes pour rejoindre"),
    "join_requests_decided": _("Les demandes pour rejoindre que j'ai traitées"),
    "measurements_recorded": _("Les mesures que j'ai saisies"),
    "history": _("Historique de ma fiche"),
}

LABELS = {
    "email": _("e-mail"),
    "first_name": _("prénom"),
    "last_name": _("nom"),
    "date_joined": _("inscription"),
    "last_login": _("dernière connexion"),
    "roles": _("rôles"),
    "verified": _("vérifiée"),
    "primary": _("principale"),
    "title": _("titre ou fonction"),
    "phone": _("téléphone"),
    "share_contact": _("coordonnées visibles des membres"),
    "created_at": _("créé le"),
    "updated_at": _("modifié le"),
    "organisation": _("organisation"),
    "role": _("rôle"),
    "has_mandate": _("mandat"),
    "start": _("depuis le"),
    "end": _("jusqu'au"),
    "circle": _("cercle"),
    "status": _("statut"),
    "meeting": _("réunion"),
    "meeting_start": _("date de la réunion"),
    "answer": _("réponse"),
    "on_waiting_list": _("en liste d'attente"),
    "confirmed_at": _("confirmée le"),
    "attended": _("présent·e"),
    "poll": _("sondage"),
    "slot": _("créneau"),
    "meeting_reminders": _("rappels de réunion"),
    "space": _("espace"),
    "body": _("texte"),
    "idea": _("idée"),
    "edited_at": _("modifié le"),
    "hidden_by_moderation": _("masqué par la modération"),
    "comment": _("commentaire"),
    "reason": _("motif"),
    "state": _("état"),
    "summary": _("résumé"),
    "description": _("description"),
    "carrier": _("porté par"),
    "kind": _("nature"),
    "subject": _("objet"),
    "target": _("suivi"),
    "weekly_digest": _("résumé hebdomadaire"),
    "notifications_seen_at": _("notifications lues le"),
    "digest_sent_at": _("dernier résumé envoyé le"),
    "accepted": _("acceptée"),
    "accepted_at": _("acceptée le"),
    "objective": _("objectif"),
    "date": _("date"),
    "value": _("valeur"),
    "change": _("modification"),
    "sent_at": _("envoyé le"),
    "file": _("fichier"),
}


def _shown(value):
    if value is True:
        return _("oui")
    if value is False:
        return _("non")
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def _rows(record: dict) -> list[tuple]:
    return [(LABELS.get(key, key), _shown(value)) for key, value in record.items()]


def readable(data: dict) -> list[dict]:
    """The sections of `personal_data` for the page: a title and records of label/value."""
    sections = []
    for key, title in SECTIONS.items():
        value = data.get(key)
        records = value if isinstance(value, list) else [value] if value else []
        sections.append(
            {"key": key, "title": title, "records": [_rows(record) for record in records]}
        )
    return sections
