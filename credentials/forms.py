"""The public verifier's form: a credential pasted as text or uploaded as a file."""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 512 * 1024


class VerifyCredentialForm(forms.Form):
    text = forms.CharField(
        label=_("Paste the credential"),
        required=False,
        max_length=MAX_BYTES,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_("The credential's JSON, as downloaded from the endorsee's page or a digital wallet."),
    )
    file = forms.FileField(
        label=_("Or upload the credential file"),
        required=False,
        help_text=_("A .json file of at most 512 KB."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("This file is larger than 512 KB; a credential is a few kilobytes.")
            )
        data = upload.read()
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("This file is not text: upload the credential's .json file.")
            ) from None

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("text") or "").strip() and not cleaned.get("file") and not self.errors:
            raise forms.ValidationError(_("Paste a credential or choose a file to upload."))
        return cleaned

    def credential_text(self):
        return self.cleaned_data.get("file") or self.cleaned_data.get("text") or ""


class EndorsementNumberForm(forms.Form):
    """A paper certificate's endorsement number, read from the query string."""

    number = forms.CharField(
        label=_("Endorsement number"),
        max_length=60,
        help_text=_("As printed on the certificate, e.g. ORIMHA-00012; its verification code works too."),
    )
