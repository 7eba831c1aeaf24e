from allauth.core import context as allauth_context
from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from alliance.accounts import pending_invitation
from alliance.models import Invitation, JoinRequest, User

# Caps, in characters, of the texts members write (the database would take more; a
# page, a mail or an export would not). Shown by the counter of static/js/char-counter.js.
SHORT_TEXT = 2_000  # a message, a need, an offer, a link's note
TEXT = 5_000  # a comment, an answer, a purpose, a roadmap description
LONG_TEXT = 20_000  # a project's or an organisation's description, an idea, an agenda
MINUTES = 50_000  # meeting minutes


class TextLengthValidator(MaxLengthValidator):
    """Counts a line break as one character, as the browser and the counter do (a
    textarea posts it as CR LF)."""

    def clean(self, x):
        return len(x.replace("\r\n", "\n"))


def limit_text(field: forms.Field, limit: int) -> None:
    """Caps a text field of a form and lets char-counter.js show the count."""
    field.max_length = limit
    field.validators.append(TextLengthValidator(limit))
    field.widget.attrs.update(
        {
            "data-char-limit": str(limit),
            "data-char-format": str(_("{count} / {limit} caractères")),
            "data-char-over": str(_("{over} caractères de trop")),
        }
    )


def cap_length(field: forms.Field, limit: int) -> None:
    """Lowers the maximum length of a field built by someone else (allauth)."""
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs["maxlength"] = str(limit)


class TextLimitsMixin:
    """A form's `text_limits = {"body": TEXT}` caps those fields (see limit_text)."""

    text_limits: dict[str, int] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in self.text_limits.items():
            if name in self.fields:
                limit_text(self.fields[name], limit)


# The member's name is saved on the User (150 characters) and on their actors.Person
# (100): the form holds the smaller, so the second write cannot fail after the first.
NAME_MAX_LENGTH = 100
# User.email, Person.email and allauth's EmailAddress.email.
EMAIL_MAX_LENGTH = 254


class SignupForm(forms.Form):
    """Extends allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS) with the member's name."""

    first_name = forms.CharField(label=_("Prénom"), max_length=NAME_MAX_LENGTH)
    last_name = forms.CharField(label=_("Nom"), max_length=NAME_MAX_LENGTH)

    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        if "email" in self.fields:  # allauth's, which allows 320 characters
            cap_length(self.fields["email"], EMAIL_MAX_LENGTH)

    def clean(self):
        cleaned = super().clean()
        request = allauth_context.request
        # The link may have expired (or been used) since the visitor opened it.
        if not settings.OPEN_SIGNUP and request is not None and not pending_invitation(request):
            raise forms.ValidationError(
                _("Votre invitation n'est plus valable : demandez-en une nouvelle.")
            )
        return cleaned

    def signup(self, request, user) -> None:
        """allauth calls this after saving the user; the adapter did the work."""


class InvitationForm(TextLimitsMixin, forms.ModelForm):
    text_limits = {"message": SHORT_TEXT}

    class Meta:
        model = Invitation
        fields = ["email", "message"]
        labels = {"email": _("Adresse e-mail"), "message": _("Message personnel (facultatif)")}
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Un compte existe déjà avec cette adresse."))
        if Invitation.objects.usable().filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("Une invitation encore valable a déjà été envoyée à cette adresse.")
            )
        return email


class JoinRequestForm(TextLimitsMixin, forms.ModelForm):
    """A visitor asks to join. `website` is a trap: hidden from people, filled by bots."""

    text_limits = {"message": SHORT_TEXT}
    website = forms.CharField(required=False, max_length=200, label=_("Laissez ce champ vide"))

    class Meta:
        model = JoinRequest
        fields = ["name", "email", "organisation", "role", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["role"].widget.attrs["autocomplete"] = "organization-title"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class DeclineForm(TextLimitsMixin, forms.Form):
    text_limits = {"reason": SHORT_TEXT}
    reason = forms.CharField(
        label=_("Motif (facultatif, envoyé à la personne)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InvitationFilterForm(forms.Form):
    """The facilitator's list by state (?etat=ouverte); an unknown state shows them all."""

    etat = forms.ChoiceField(
        label=_("État"),
        required=False,
        choices=[("", _("Toutes"))] + Invitation.State.choices,
    )

    def filter(self, invitations):
        invitations = invitations.with_state()
        if self.is_valid() and self.cleaned_data["etat"]:
            invitations = invitations.filter(current_state=self.cleaned_data["etat"])
        return invitations


class ProfileForm(forms.ModelForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=NAME_MAX_LENGTH)
    last_name = forms.CharField(label=_("Nom"), max_length=NAME_MAX_LENGTH)

    class Meta:
        model = User
        fields = ["first_name", "last_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = True
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"


class SiteFormRenderer(TemplatesSetting):
    """`{{ form }}` and `{{ field.as_field_group }}` render through templates/forms/ (one
    template for every form and field of the site); settings.FORM_RENDERER names it."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"
