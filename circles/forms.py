"""Forms of the circles app. Error messages in French; nothing is saved on bad input."""

from datetime import datetime, time, timedelta

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from alliance.forms import LONG_TEXT, MINUTES, SHORT_TEXT, TEXT, TextLimitsMixin
from alliance.mail import queue_email
from circles.forms_series import CadenceForm, SeriesDatesMixin
from circles.models import Circle, Meeting, MeetingDocument, PollAnswer, Registration
from circles.models.circles import MAX_REMINDER_HOURS
from circles.notices import meeting_context
from circles.rules import HORIZON, RuleError, bounded, parse_rule
from circles.scheduling import add_warnings, occurrences

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MeetingForm(TextLimitsMixin, forms.ModelForm):
    text_limits = {"topic": SHORT_TEXT, "agenda": LONG_TEXT}

    class Meta:
        model = Meeting
        fields = [
            "title",
            "topic",
            "themes",
            "start",
            "end",
            "place",
            "commune",
            "video_url",
            "agenda",
            "capacity",
            "registration_open",
            "is_open",
            "status",
        ]
        widgets = {
            "start": DATETIME_WIDGET,
            "end": DATETIME_WIDGET,
            "themes": forms.CheckboxSelectMultiple,
            "topic": forms.Textarea(attrs={"rows": 2}),
            "agenda": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {"agenda": _("Markdown accepté.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["end"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["commune"].queryset = self.fields["commune"].queryset.metropole()
        self.fields["status"].choices = [
            c for c in Meeting.Status.choices if c[0] != Meeting.Status.CANCELLED
        ]
        if self.instance.is_cancelled:
            # A cancelled meeting stays so whatever is edited: reinstating is its own action.
            del self.fields["status"]
            del self.fields["registration_open"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("La réunion doit se terminer après son début."))
        capacity = data.get("capacity")
        if capacity is not None and self.instance.pk:
            taken = self.instance.registrations.attending().count()
            if capacity < taken:
                self.add_error(
                    "capacity",
                    _("La capacité ne peut pas être inférieure au nombre d'inscrits (%(n)s).")
                    % {"n": taken},
                )
        return data


class CircleForm(TextLimitsMixin, CadenceForm, forms.ModelForm):
    # The cadence is chosen in words; "autre" keeps an RFC 5545 rule typed on one line.
    rule_field, rule_required = "cadence", False
    text_limits = {"purpose": TEXT, "cadence": 500}

    duration_minutes = forms.IntegerField(
        label=_("Durée par défaut (minutes)"),
        required=False,
        min_value=15,
        max_value=12 * 60,
        error_messages={
            "invalid": _("Indiquez une durée en minutes (nombre entier)."),
            "min_value": _("La durée doit être d'au moins 15 minutes."),
            "max_value": _("La durée ne peut pas dépasser 12 heures (720 minutes)."),
        },
    )
    reminders = forms.CharField(
        label=_("Rappels (heures avant la réunion)"),
        required=False,
        max_length=200,
        help_text=_(
            "Nombres d'heures séparés par des virgules, ex. « 168, 24 » : sept jours "
            "et un jour avant. Laissez vide pour n'envoyer aucun rappel."
        ),
    )

    field_order = [
        "name",
        "kind",
        "purpose",
        "themes",
        "every",
        "per_year",
        "position",
        "weekday",
        "cadence",
        "meetings_per_year",
        "duration_minutes",
        "default_place",
        "facilitators",
        "open_to_join",
        "reminders",
    ]

    class Meta:
        model = Circle
        fields = [
            "name",
            "kind",
            "purpose",
            "themes",
            "cadence",
            "meetings_per_year",
            "default_place",
            "facilitators",
            "open_to_join",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "purpose": forms.Textarea(attrs={"rows": 5}),
            "cadence": forms.TextInput(),
        }
        help_texts = {
            "purpose": _("Markdown accepté."),
            "cadence": _(
                "Pour la cadence « autre » seulement : règle RFC 5545, ex. "
                "FREQ=YEARLY;BYMONTH=2,6,10;BYDAY=-1TH — en février, juin et octobre, "
                "le dernier jeudi."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = self.fields["facilitators"].queryset.order_by(
            "last_name", "first_name"
        )
        self.initial = {**self.cadence_initial(self.instance.cadence), **self.initial}
        if self.instance.default_duration and "duration_minutes" not in self.initial:
            self.initial["duration_minutes"] = self.instance.default_minutes
        if "reminders" not in self.initial:
            offsets = self.instance.reminder_offsets
            if offsets is None:
                offsets = []
            self.initial["reminders"] = ", ".join(str(h) for h in offsets)

    def clean_cadence(self):
        rule = self.cleaned_data["cadence"].strip()
        if not rule:
            return ""
        now = datetime.now().replace(microsecond=0)
        body, parsed = parse_rule(rule, dtstart=now)
        if bounded(parsed, now + HORIZON).after(now, inc=True) is None:
            raise forms.ValidationError(
                _("Cette cadence ne produit aucune date dans les deux prochaines années.")
            )
        return body

    def clean(self):
        data = super().clean()
        if "cadence" not in self.errors and (rule := self.written_rule(data)) is not None:
            data["cadence"] = rule
        return data

    def clean_reminders(self) -> list[int]:
        text = self.cleaned_data["reminders"].strip()
        if not text:
            return []
        hours = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part.isdigit() or not 0 < int(part) <= MAX_REMINDER_HOURS:
                raise forms.ValidationError(
                    _(
                        "Indiquez des nombres entiers d'heures entre 1 et %(max)s, "
                        "séparés par des virgules (ex. « 168, 24 »)."
                    )
                    % {"max": MAX_REMINDER_HOURS}
                )
            hours.append(int(part))
        return sorted(set(hours), reverse=True)

    def save(self, commit=True):
        circle = super().save(commit=False)
        minutes = self.cleaned_data.get("duration_minutes")
        circle.default_duration = timedelta(minutes=minutes) if minutes else None
        circle.reminder_offsets = self.cleaned_data["reminders"]
        if commit:
            circle.save()
            self.save_m2m()
        return circle


class SeriesForm(TextLimitsMixin, SeriesDatesMixin, CadenceForm):
    text_limits = {"agenda": LONG_TEXT}

    title = forms.CharField(label=_("Titre des réunions"), max_length=200)
    rule = forms.CharField(
        label=_("Règle de récurrence (RFC 5545)"),
        help_text=_(
            "Pour la cadence « autre » seulement, ex. FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU "
            "— tous les deux mois, le 2e mardi. L'heure vient du champ « Heure de début »."
        ),
        max_length=500,
        required=False,
    )
    first_day = forms.DateField(label=_("À partir du"), widget=DATE_WIDGET)
    until = forms.DateField(label=_("Jusqu'au"), required=False, widget=DATE_WIDGET)
    count = forms.IntegerField(
        label=_("Nombre de réunions"), required=False, min_value=1, max_value=60
    )
    at = forms.TimeField(label=_("Heure de début"), initial=time(14, 0), widget=TIME_WIDGET)
    duration = forms.IntegerField(
        label=_("Durée (minutes)"), min_value=15, max_value=12 * 60, initial=120
    )
    place = forms.CharField(label=_("Lieu"), max_length=255, required=False)
    video_url = forms.URLField(
        label=_("Lien de visioconférence"), required=False, assume_scheme="https", max_length=200
    )
    capacity = forms.IntegerField(label=_("Capacité"), required=False, min_value=1)
    agenda = forms.CharField(
        label=_("Ordre du jour"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    confirm_past = forms.BooleanField(
        label=_("Programmer aussi les dates déjà passées"),
        required=False,
        help_text=_("À cocher seulement si l'aperçu signale des dates passées."),
    )
    field_order = ["title", "every", "per_year", "position", "weekday", "at", "rule"]

    def __init__(self, *args, circle: Circle, **kwargs):
        self.circle = circle
        # The circle's own habits fill the form: its name, cadence, place and duration.
        kwargs["initial"] = {
            "title": circle.name,
            "rule": circle.cadence,
            **self.cadence_initial(circle.cadence),
            "first_day": timezone.localdate() + timedelta(days=1),
            "count": circle.meetings_per_year or 6,
            "place": circle.default_place,
            "duration": circle.default_minutes or 120,
            **kwargs.get("initial", {}),
        }
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        data["rule"] = self.written_rule(data)
        if data["rule"] is None:
            return data
        if not data.get("until") and not data.get("count"):
            raise forms.ValidationError(_("Indiquez une date de fin ou un nombre de réunions."))
        if data.get("until") and data["until"] < data["first_day"]:
            self.add_error("until", _("La date de fin doit suivre la date de début."))
            return data
        try:
            data["rule"], _parsed = parse_rule(
                data["rule"], dtstart=datetime.combine(data["first_day"], data["at"])
            )
            self.items = occurrences(
                data["rule"],
                first_day=data["first_day"],
                until=data.get("until"),
                count=data.get("count"),
                at=data["at"],
                duration=timedelta(minutes=data["duration"]),
            )
        except RuleError as exc:
            self.add_error("rule", exc)
            return data
        add_warnings(self.circle, self.items)
        self.check_dates(data)
        return data

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "place": data.get("place", ""),
            "video_url": data.get("video_url", ""),
            "capacity": data.get("capacity"),
            "agenda": data.get("agenda", ""),
            "is_open": self.circle.welcomes_guests,
        }


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=Registration.Answer.choices, label=_("Votre réponse"))


class GuestRegistrationForm(forms.ModelForm):
    ALREADY_REGISTERED = _("Cette adresse est déjà inscrite à cette réunion.")

    consent = forms.BooleanField(
        label=_(
            "J'accepte que l'Alliance conserve ces informations pour organiser la réunion "
            "et me l'envoyer en rappel."
        ),
        error_messages={"required": _("Votre consentement est nécessaire pour vous inscrire.")},
    )

    class Meta:
        model = Registration
        fields = ["guest_name", "guest_email", "guest_organisation", "consent"]

    def __init__(self, *args, meeting: Meeting, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)
        self.fields["guest_name"].required = True
        self.fields["guest_email"].required = True

    def clean_guest_email(self):
        email = self.cleaned_data["guest_email"].strip().lower()
        if self.meeting.registrations.filter(person=None, guest_email=email).exists():
            raise forms.ValidationError(self.ALREADY_REGISTERED)
        return email

    def register(self) -> Registration | None:
        """Saves the guest's registration, holding no place until they confirm it, with
        the mail asking them to; None (the error on the form) if the address was
        registered meanwhile."""
        registration = self.save(commit=False)
        registration.meeting = self.meeting
        registration.answer = Registration.Answer.NO
        try:
            with transaction.atomic():
                registration.save()
                queue_email(
                    to=[registration.guest_email],
                    subject=_("Confirmez votre inscription : %(title)s")
                    % {"title": self.meeting.title},
                    template="circles/email/guest_confirm",
                    context={**meeting_context(self.meeting), "registration": registration},
                    # The guest asked in this language: their mail speaks it too.
                    language=translation.get_language(),
                    list_name="reunions",
                    key=f"guest-confirm-{registration.pk}",
                )
        except IntegrityError:
            self.add_error("guest_email", self.ALREADY_REGISTERED)
            return None
        return registration


class MinutesForm(TextLimitsMixin, forms.ModelForm):
    text_limits = {"minutes": MINUTES, "decisions": LONG_TEXT}

    class Meta:
        model = Meeting
        fields = ["minutes", "decisions", "projects"]
        widgets = {
            "minutes": forms.Textarea(attrs={"rows": 10}),
            "decisions": forms.Textarea(attrs={"rows": 5}),
            "projects": forms.CheckboxSelectMultiple,
        }
        help_texts = {"minutes": _("Markdown accepté."), "decisions": _("Une décision par ligne.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].required = False
        self.fields["projects"].queryset = self.fields["projects"].queryset.order_by("title")
        self.registrations = list(
            self.instance.registrations.filter(
                answer__in=[Registration.Answer.YES, Registration.Answer.MAYBE]
            )
            .confirmed()
            .select_related("person")
        )
        for registration in self.registrations:
            self.fields[f"attended_{registration.pk}"] = forms.BooleanField(
                label=registration.name,
                required=False,
                initial=bool(registration.attended),
            )

    def attendance_fields(self):
        return [self[f"attended_{r.pk}"] for r in self.registrations]

    def clean(self):
        data = super().clean()
        if self.instance.start > timezone.now():
            raise forms.ValidationError(
                _("Le compte rendu se saisit une fois la réunion commencée.")
            )
        return data


class PollForm(forms.Form):
    title = forms.CharField(label=_("Titre de la réunion"), max_length=200)
    place = forms.CharField(label=_("Lieu"), max_length=255, required=False)
    duration = forms.IntegerField(
        label=_("Durée (minutes)"), min_value=15, max_value=12 * 60, initial=120
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, 7):
            field = forms.DateTimeField(
                label=_("Créneau %(n)s") % {"n": i},
                required=False,
                widget=DATETIME_WIDGET,
                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
            )
            self.fields[f"slot_{i}"] = field

    def clean(self):
        data = super().clean()
        starts = sorted({data[f"slot_{i}"] for i in range(1, 7) if data.get(f"slot_{i}")})
        if not 2 <= len(starts) <= 6:
            raise forms.ValidationError(_("Proposez entre 2 et 6 créneaux différents."))
        if any(s < timezone.now() for s in starts):
            raise forms.ValidationError(_("Les créneaux doivent être dans le futur."))
        data["starts"] = starts
        return data


class PollAnswerForm(forms.Form):
    def __init__(self, *args, slots, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = slots
        for slot in slots:
            self.fields[f"slot_{slot.pk}"] = forms.ChoiceField(
                label=slot.start,
                choices=PollAnswer.Answer.choices,
                initial=current.get(slot.pk, PollAnswer.Answer.NO),
                widget=forms.RadioSelect,
            )

    def answers(self):
        return [(slot, self.cleaned_data[f"slot_{slot.pk}"]) for slot in self.slots]


class PreferencesForm(forms.Form):
    reminders = forms.BooleanField(
        label=_("Recevoir les rappels des réunions de mes cercles"), required=False
    )


class DocumentForm(forms.ModelForm):
    ALLOWED = (".pdf", ".odt", ".ods", ".odp", ".docx", ".xlsx", ".pptx", ".png", ".jpg", ".txt")

    class Meta:
        model = MeetingDocument
        fields = ["title", "file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(self.ALLOWED):
            raise forms.ValidationError(_("Type de fichier non accepté."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Le fichier dépasse 5 Mo."))
        return upload
