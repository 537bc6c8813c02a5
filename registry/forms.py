from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from documents.tasks import send_email

from .models import HealthcareRegion, Membership, Person
from .permissions import grantable_roles, linkable_people, parse_role

Role = Membership.Role


class RoleField(forms.ChoiceField):
    """A role at the RCC or one of its regions; cleaned to (role, region id)."""

    def clean(self, value):
        return parse_role(super().clean(value))


class InvitationForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    email = forms.EmailField(label=_("E-post"))
    role = RoleField(label=_("Roll"))
    person = forms.ModelChoiceField(
        label=_("Ledamot i registret (valfritt)"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("– ingen –"),
        help_text=_(
            "Personer i RCC:s regioner som ännu saknar konto, t.ex. styrgruppens ledamöter. "
            "Kontot kopplas till personen när inbjudan tas emot."
        ),
    )

    def __init__(self, *args, user, rcc: HealthcareRegion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            ("", _("– välj roll –")),
            *grantable_roles(user, rcc, invite=True),
        ]
        self.fields["person"].queryset = linkable_people(rcc)
        self.fields["person"].label_from_instance = lambda p: f"{p.name} ({p.region})"

    def clean(self):
        cleaned = super().clean()
        person, role = cleaned.get("person"), cleaned.get("role")
        if person and role and role[0] != Role.READER:
            self.add_error(
                "person",
                forms.ValidationError(
                    _("Bara en läsare i styrgruppen kopplas till en ledamot."), code="not_reader"
                ),
            )
        return cleaned


class RoleGrantForm(forms.Form):
    role = RoleField(label=_("Ny roll"))

    def __init__(self, *args, user, rcc: HealthcareRegion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("– välj roll –")), *grantable_roles(user, rcc)]


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with its mail (text and HTML) sent by the background worker."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        html = (
            render_to_string(html_email_template_name, context) if html_email_template_name else ""
        )
        send_email.enqueue(subject, body, [to_email], html_body=html)
