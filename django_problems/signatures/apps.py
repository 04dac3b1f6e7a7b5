"""The signatures feature as a Django app: signing keys, problem type, checks, command."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from django_problems.problem_types import Member
from django_problems.signatures.types import SIGNATURE_ERRORS, SIGNATURE_TYPES


class SignaturesConfig(AppConfig):
    """``django_problems.signatures`` (needs ``django_problems.api_keys``)."""

    name = "django_problems.signatures"
    label = "django_problems_signatures"
    verbose_name = _("Signed requests")
    default_auto_field = "django.db.models.BigAutoField"
    problem_types = SIGNATURE_TYPES
    problem_type_extensions = {
        "unauthorised": {
            "signature_error": Member(
                _(
                    "Why a signed request was refused: missing, malformed, incomplete, "
                    "keyid-mismatch, stale, digest-mismatch, invalid, no-signing-key or "
                    "unsupported-algorithm."
                ),
                {"type": "string", "enum": list(SIGNATURE_ERRORS)},
            )
        }
    }

    def ready(self) -> None:
        from django_problems.api_keys.signals import key_rotated
        from django_problems.signatures import checks  # noqa: F401  (registers the checks)
        from django_problems.signatures.receivers import keep_signing_key

        key_rotated.connect(keep_signing_key, dispatch_uid="django_problems.keep_signing_key")
